import Link from "next/link";
import { FileText } from "lucide-react";
import { Button } from "@/components/ui/button";
import { requireActor } from "@/lib/auth/require-actor";
import { orNotFound } from "@/lib/http/or-not-found";
import { routes } from "@/lib/routes";
import { getVersion } from "@/lib/versions/get-version";
import { PageHeader } from "@/components/ui/page-header";
import { StageBadge } from "@/components/ui/badge";
import { VersionView } from "@/components/versions/version-view";
import { EvaluationsPanel } from "@/components/evaluations/evaluations-panel";
import { can } from "@/lib/auth/permissions";
import { listModelDatasets } from "@/lib/datasets/list-model-datasets";
import { listVersionEvaluations } from "@/lib/evaluation/get-evaluation";
import { listVersionRequests } from "@/lib/promotions/list-promotions";
import { PromotionPanel } from "@/components/promotions/promotion-panel";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FeedbackUpload } from "@/components/serving/feedback-upload";
import { RecentPredictions } from "@/components/serving/recent-predictions";
import { TryItForm } from "@/components/serving/try-it-form";

export default async function VersionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(routes.version(id));
  const version = await orNotFound(getVersion(actor, id));
  const [datasets, evaluations, requests] = await Promise.all([listModelDatasets(actor, version.model.id), listVersionEvaluations(actor, version.id), listVersionRequests(actor, version.id)]);
  const teamId = version.model.team.id;
  return (
    <>
      <PageHeader
        title={<span className="flex items-center gap-3">{version.model.name} <span className="text-muted-foreground">v{version.number}</span> <StageBadge stage={version.stage} /></span>}
        breadcrumbs={[{ label: "Models", href: routes.models() }, { label: version.model.name, href: routes.model(version.model.id) }, { label: `v${version.number}` }]}
        actions={<Button asChild variant="outline" size="sm"><Link href={routes.modelCard(version.id)}><FileText aria-hidden className="size-4" /> Model card</Link></Button>}
      />
      <div className="space-y-6">
        <VersionView initial={JSON.parse(JSON.stringify(version))} />
        {version.intakeStatus === "PASSED" || requests.length ? (
          <PromotionPanel
            versionId={version.id}
            label={`${version.model.name} v${version.number}`}
            stage={version.stage}
            initial={JSON.parse(JSON.stringify(requests))}
            permissions={{
              userId: actor.userId,
              uploadedById: version.uploadedById,
              canRequest: can(actor, "promotion.request", teamId),
              canDecide: can(actor, "promotion.decide", teamId),
              canPromote: { STAGING: can(actor, "promotion.execute.staging", teamId), PRODUCTION: can(actor, "promotion.execute.production", teamId) },
            }}
          />
        ) : null}
        <div className="grid items-start gap-6 lg:grid-cols-3 [&>*]:min-w-0">
          <Card className={version.intakeStatus === "PASSED" && can(actor, "scoring.run", teamId) ? "lg:col-span-2" : "lg:col-span-3"}>
            <CardHeader>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="space-y-1.5">
                  <CardTitle>Recent predictions</CardTitle>
                  <CardDescription>What serve answered with this version (as logged), and the ground truth recorded for it.</CardDescription>
                </div>
                {can(actor, "feedback.write", teamId) ? <FeedbackUpload /> : null}
              </div>
            </CardHeader>
            <CardContent><RecentPredictions versionId={version.id} /></CardContent>
          </Card>
          {version.intakeStatus === "PASSED" && can(actor, "scoring.run", teamId) ? (
            <Card>
              <CardHeader><CardTitle>Try it</CardTitle><CardDescription>Send one row through serve to v{version.number}, as a client would.</CardDescription></CardHeader>
              <CardContent><TryItForm versionId={version.id} features={version.featureSchema?.features ?? []} /></CardContent>
            </Card>
          ) : null}
        </div>
        <EvaluationsPanel
          versionId={version.id}
          canRun={can(actor, "evaluation.run", version.model.team.id) && version.intakeStatus === "PASSED"}
          datasets={datasets.datasets}
          initial={JSON.parse(JSON.stringify(evaluations))}
          classLabels={version.featureSchema?.labelClasses}
        />
      </div>
    </>
  );
}
