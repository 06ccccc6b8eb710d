import Link from "next/link";
import { Upload } from "lucide-react";
import { requireActor } from "@/lib/auth/require-actor";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { getModel } from "@/lib/models/get-model";
import { listDatasets } from "@/lib/datasets/list-datasets";
import { orNotFound } from "@/lib/http/or-not-found";
import { routes } from "@/lib/routes";
import { formatBytes, shortSha } from "@/lib/utils/format";
import { Badge, StageBadge, StatusBadge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Markdown } from "@/components/ui/markdown";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TaskLabel } from "@/components/models/task-label";
import { UploadVersion } from "@/components/versions/upload-version";
import { ModelDatasets } from "@/components/datasets/model-datasets";

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(routes.model(id));
  const model = await orNotFound(getModel(actor, id));
  const canUpload = can(actor, "version.upload", model.team.id);
  const canAttach = can(actor, "dataset.attach", model.team.id);
  const datasetChoices = canAttach ? await listDatasets(actor, { team: model.team.id }) : [];

  return (
    <>
      <PageHeader
        title={model.name}
        breadcrumbs={[{ label: "Models", href: routes.models() }, { label: model.name }]}
        meta={
          <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            <TaskLabel task={model.task} />
            <span aria-hidden>·</span>
            <span>{model.team.name}</span>
            <span aria-hidden>·</span>
            <span>registered by {model.createdBy.name} <RelativeTime date={model.createdAt} /></span>
            {model.tags.map((t) => (
              <Link key={t} href={routes.models({ tag: t })}><Badge variant="outline">{t}</Badge></Link>
            ))}
          </div>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader><CardTitle>Versions</CardTitle><CardDescription>Each upload is a new version; numbers are assigned by the registry.</CardDescription></CardHeader>
            <CardContent>
              {model.versions.length === 0 ? (
                <EmptyState icon={<Upload aria-hidden />} title="No versions yet" description={canUpload ? "Upload an ONNX file to create version 1." : "A data scientist of this team uploads the first version."} />
              ) : (
                <Table aria-label="Versions">
                  <THead>
                    <TR><TH>Version</TH><TH>Stage</TH><TH>Intake</TH><TH className="hidden md:table-cell">Artifact</TH><TH className="hidden sm:table-cell">Uploaded</TH></TR>
                  </THead>
                  <TBody>
                    {model.versions.map((v) => (
                      <TR key={v.id}>
                        <TD><Link className="font-medium hover:underline" href={routes.version(v.id)}>v{v.number}</Link></TD>
                        <TD><StageBadge stage={v.stage} /></TD>
                        <TD><StatusBadge status={v.intakeStatus} /></TD>
                        <TD className="hidden font-mono text-xs text-muted-foreground md:table-cell" title={v.artifactSha256}>{shortSha(v.artifactSha256)} · {formatBytes(v.artifactSize)}</TD>
                        <TD className="hidden text-sm text-muted-foreground sm:table-cell">{v.uploadedBy.name}, <RelativeTime date={v.createdAt} /></TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader><CardTitle>Description</CardTitle></CardHeader>
            <CardContent>{model.description ? <Markdown source={model.description} /> : <p className="text-sm text-muted-foreground">No description.</p>}</CardContent>
          </Card>
        </div>
        <div className="space-y-6">
          {canUpload ? <UploadVersion modelId={model.id} task={model.task} maxBytes={env.UPLOAD_MAX_BYTES} /> : null}
          <Card>
            <CardHeader><CardTitle>Datasets</CardTitle><CardDescription>Evaluation datasets are the holdouts gates measure on; reference data is the training distribution.</CardDescription></CardHeader>
            <CardContent>
              <ModelDatasets
                modelId={model.id}
                attached={model.datasets}
                defaultId={model.defaultEvaluationDatasetId}
                choices={datasetChoices.map((d) => ({ id: d.id, name: d.name, rowCount: d.rowCount }))}
                canAttach={canAttach}
              />
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
