import Link from "next/link";
import { requireActor } from "@/lib/auth/require-actor";
import { isAppError } from "@/lib/errors";
import { orNotFound } from "@/lib/http/or-not-found";
import { routes } from "@/lib/routes";
import { getModel } from "@/lib/models/get-model";
import { compareVersions, type TVersionComparison } from "@/lib/versions/compare-versions";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { CompareControls } from "@/components/versions/compare-controls";
import { CompareView } from "@/components/versions/compare-view";

export default async function ComparePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const query = Object.fromEntries(Object.entries(sp).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : Array.isArray(v) && v[0] ? [[k, v[0]]] : [])));
  const actor = await requireActor(routes.compare(id, { versions: (query.versions ?? "").split(",").filter(Boolean).map(Number) }));
  const model = await orNotFound(getModel(actor, id));
  let comparison: TVersionComparison | null = null;
  let problem: string | null = null;
  try {
    comparison = await compareVersions(actor, id, query);
  } catch (e) {
    if (!isAppError(e) || e.code !== "invalid_input") throw e;
    problem = e.message;
  }
  const title = comparison ? `Compare ${comparison.versions.map((v) => `v${v.number}`).join(" · ")}` : "Compare versions";
  return (
    <>
      <PageHeader
        title={title}
        breadcrumbs={[{ label: "Models", href: routes.models() }, { label: model.name, href: routes.model(model.id) }, { label: "Compare" }]}
      />
      {problem || !comparison ? (
        <Alert variant="warning" title="These versions cannot be compared">
          {problem} <Link className="underline" href={routes.model(model.id)}>Pick versions on the model page.</Link>
        </Alert>
      ) : (
        <div className="space-y-6">
          <CompareControls
            modelId={model.id}
            versions={comparison.versions.map((v) => v.number)}
            datasetId={comparison.dataset?.id ?? null}
            baseNumber={comparison.baseNumber}
            datasets={comparison.datasetChoices}
          />
          <CompareView c={comparison} />
        </div>
      )}
    </>
  );
}
