import Link from "next/link";
import { Calculator, Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { requireActor } from "@/lib/auth/require-actor";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { getModel } from "@/lib/models/get-model";
import { listDatasets } from "@/lib/datasets/list-datasets";
import { orNotFound } from "@/lib/http/or-not-found";
import { routes } from "@/lib/routes";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Markdown } from "@/components/ui/markdown";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { TaskLabel } from "@/components/models/task-label";
import { UploadVersion } from "@/components/versions/upload-version";
import { ModelDatasets } from "@/components/datasets/model-datasets";
import { MetricHistoryChart } from "@/components/versions/metric-history-chart";
import { VersionsTable } from "@/components/versions/versions-table";
import { modelMetricHistory } from "@/lib/versions/metric-history";
import { getModelPolicy } from "@/lib/gates/get-model-policy";
import { rollbackTarget } from "@/lib/promotions/rollback";
import { stageHistory } from "@/lib/promotions/list-promotions";
import { PolicySummary } from "@/components/gates/policy-summary";
import { PolicyEditor } from "@/components/gates/policy-editor";
import { RollbackButton } from "@/components/promotions/rollback-button";
import { StageTimeline } from "@/components/promotions/stage-timeline";
import { listScoringSchedules } from "@/lib/scoring/list-scoring-schedules";
import { ModelScoringCard } from "@/components/scoring/model-scoring-card";
import { getServingConfig } from "@/lib/serving/get-serving-config";
import { ServingCard } from "@/components/serving/serving-card";

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(routes.model(id));
  const model = await orNotFound(getModel(actor, id));
  const canUpload = can(actor, "version.upload", model.team.id);
  const canAttach = can(actor, "dataset.attach", model.team.id);
  const [datasetChoices, history, policy, rollback, transitions, serving] = await Promise.all([
    canAttach ? listDatasets(actor, { team: model.team.id }) : [],
    modelMetricHistory(actor, model.id, {}),
    getModelPolicy(actor, model.id),
    rollbackTarget(model.id),
    stageHistory(actor, model.id),
    getServingConfig(actor, model.id),
  ]);
  const scoringSchedules = await listScoringSchedules(actor, model.id);

  return (
    <>
      <PageHeader
        title={model.name}
        breadcrumbs={[{ label: "Models", href: routes.models() }, { label: model.name }]}
        actions={<Button asChild variant="outline" size="sm"><Link href={routes.whatif(model.id)}><Calculator aria-hidden className="size-4" /> What-if</Link></Button>}
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
                <VersionsTable modelId={model.id} versions={model.versions} />
              )}
            </CardContent>
          </Card>
          <ServingCard data={JSON.parse(JSON.stringify(serving))} canWriteFeedback={can(actor, "feedback.write", model.team.id)} />
          <Card>
            <CardHeader>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="space-y-1.5">
                  <CardTitle>Gates and stages</CardTitle>
                  <CardDescription>What a version must show to reach staging and production, and every stage change so far.</CardDescription>
                </div>
                <RollbackButton
                  modelId={model.id}
                  modelName={model.name}
                  production={rollback.production && { number: rollback.production.number }}
                  target={rollback.target && { number: rollback.target.number }}
                  canRollback={can(actor, "version.rollback", model.team.id)}
                />
              </div>
            </CardHeader>
            <CardContent className="space-y-6">
              <PolicySummary data={policy} task={model.task} action={policy.canEdit ? <PolicyEditor modelId={model.id} data={JSON.parse(JSON.stringify(policy))} /> : null} />
              <div className="space-y-3">
                <h3 className="text-sm font-semibold">Stage history</h3>
                <StageTimeline transitions={JSON.parse(JSON.stringify(transitions))} />
              </div>
            </CardContent>
          </Card>
          {model.versions.length ? (
            <Card>
              <CardHeader><CardTitle>Metrics across versions</CardTitle><CardDescription>Each version&apos;s latest evaluation on the same dataset.</CardDescription></CardHeader>
              <CardContent><MetricHistoryChart modelId={model.id} initial={JSON.parse(JSON.stringify(history))} /></CardContent>
            </Card>
          ) : null}
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
          <ModelScoringCard
            modelId={model.id}
            canRun={can(actor, "scoring.run", model.team.id)}
            initial={JSON.parse(JSON.stringify(scoringSchedules))}
            datasets={datasetChoices.map((d) => ({ id: d.id, name: d.name, rowCount: d.rowCount }))}
          />
        </div>
      </div>
    </>
  );
}
