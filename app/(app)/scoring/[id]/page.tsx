import { requireActor } from "@/lib/auth/require-actor";
import { can } from "@/lib/auth/permissions";
import { orNotFound } from "@/lib/http/or-not-found";
import { routes } from "@/lib/routes";
import { getScoringJob } from "@/lib/scoring/get-scoring-job";
import { PageHeader } from "@/components/ui/page-header";
import { ScoringJobView } from "@/components/scoring/scoring-job-view";
import { versionLabel } from "@/components/scoring/version-label";

export const metadata = { title: "Scoring job · Modelgate" };

export default async function ScoringJobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(routes.scoringJob(id));
  const job = await orNotFound(getScoringJob(actor, id));
  return (
    <>
      <PageHeader
        title={`${job.model.name} · ${versionLabel(job)} on ${job.dataset.name}`}
        breadcrumbs={[{ label: "Batch scoring", href: routes.scoring() }, { label: job.model.name, href: routes.scoring({ model: job.model.id }) }, { label: "Job" }]}
      />
      <ScoringJobView initial={JSON.parse(JSON.stringify(job))} canRun={can(actor, "scoring.run", job.model.teamId)} />
    </>
  );
}
