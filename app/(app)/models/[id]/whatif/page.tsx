import { requireActor } from "@/lib/auth/require-actor";
import { can } from "@/lib/auth/permissions";
import { orNotFound } from "@/lib/http/or-not-found";
import { routes } from "@/lib/routes";
import { PageHeader } from "@/components/ui/page-header";
import { WhatIfView } from "@/components/whatif/whatif-view";
import { getWhatIfData } from "@/lib/whatif/get-whatif-data";
import { getScenario } from "@/lib/whatif/get-scenario";
import { listScenarios } from "@/lib/whatif/list-scenarios";
import { redirect } from "next/navigation";

export const metadata = { title: "What-if · Modelgate" };

// /models/{id}/whatif[?scenario=…|?version=…&compare=…]: what the model is worth with your numbers.
export default async function WhatIfPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ scenario?: string; version?: string; compare?: string }> }) {
  const { id } = await params;
  const q = await searchParams;
  const actor = await requireActor(routes.whatif(id, q));
  const scenario = q.scenario ? await orNotFound(getScenario(actor, q.scenario)) : null;
  // A scenario's link names its model; one pasted under another model's address goes to its own.
  if (scenario && scenario.modelId !== id) redirect(routes.whatif(scenario.modelId, { scenario: scenario.id }));
  const versions = scenario ? { version: scenario.versions.primary, compare: scenario.versions.compare } : { version: q.version, compare: q.compare };
  const [data, scenarios] = await Promise.all([orNotFound(getWhatIfData(actor, id, versions)), listScenarios(actor, id)]);
  const positiveClass = data.primary?.version.positiveClass;
  return (
    <>
      <PageHeader
        title={`What-if: ${data.model.name}`}
        description="What the model is worth a month with your own numbers, at any threshold, against no model and against another version."
        breadcrumbs={[{ label: "Models", href: routes.models() }, { label: data.model.name, href: routes.model(id) }, { label: "What-if" }]}
      />
      <WhatIfView
        modelId={id}
        modelName={data.model.name}
        initialData={JSON.parse(JSON.stringify(data))}
        initialScenario={scenario}
        scenarios={scenarios}
        canSave={can(actor, "scenario.save", data.model.team.id)}
        positiveLabel={positiveClass ? `“${positiveClass}”` : "positive"}
      />
    </>
  );
}

