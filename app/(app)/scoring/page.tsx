import { requireActor } from "@/lib/auth/require-actor";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";
import { listScoringJobs } from "@/lib/scoring/list-scoring-jobs";
import { scoringFormOptions } from "@/lib/scoring/scoring-form-options";
import { PageHeader } from "@/components/ui/page-header";
import { NewScoringJob } from "@/components/scoring/new-scoring-job";
import { ScoringJobsTable } from "@/components/scoring/scoring-jobs-table";

export const metadata = { title: "Batch scoring · Modelgate" };

export default async function ScoringPage({ searchParams }: { searchParams: Promise<{ model?: string }> }) {
  const sp = await searchParams;
  const modelId = sp.model?.slice(0, 100) || undefined;
  const actor = await requireActor(routes.scoring({ model: modelId }));
  const [jobs, options] = await Promise.all([listScoringJobs(actor, { model: modelId }), scoringFormOptions(actor)]);
  const model = modelId ? options.models.find((m) => m.id === modelId) : undefined;
  return (
    <>
      <PageHeader
        title="Batch scoring"
        description="Score a dataset with a model version, or with whatever is in production, and download the predictions."
        breadcrumbs={model ? [{ label: "Batch scoring", href: routes.scoring() }, { label: model.name }] : undefined}
      />
      <div className="grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
        <div className="lg:col-span-2">
          <ScoringJobsTable initial={JSON.parse(JSON.stringify(jobs))} modelId={modelId} />
        </div>
        <div>
          <NewScoringJob options={options} maxBytes={env.DATASET_MAX_BYTES} defaultModelId={modelId} />
        </div>
      </div>
    </>
  );
}
