import Link from "next/link";
import { ArrowRight, Boxes } from "lucide-react";
import { requireActor } from "@/lib/auth/require-actor";
import { routes } from "@/lib/routes";
import { executiveOverview, type TExecutiveModel } from "@/lib/whatif/executive-overview";
import { formatMoney } from "@/lib/whatif/format-money";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { TaskLabel } from "@/components/models/task-label";

export const metadata = { title: "Executive view · Modelgate" };

// Executives land here: their teams' models in production, what each is worth a month, whether it
// still meets its gates, and one click into the what-if. Nothing here changes a model.
export default async function ExecutivePage() {
  const actor = await requireActor(routes.executive());
  const { models, notInProduction } = await executiveOverview(actor);
  return (
    <>
      <PageHeader title="Models in production" description="What each production model is worth a month, with the numbers of its latest saved scenario (or the what-if defaults until someone saves one)." />
      {models.length === 0 ? (
        <EmptyState icon={<Boxes aria-hidden />} title="No model in production yet" description={notInProduction ? `Your teams have ${notInProduction} model${notInProduction === 1 ? "" : "s"} still on the way to production.` : "Your teams have not registered a model yet."} />
      ) : (
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="Production models">
          {models.map((m) => <ModelCard key={m.id} m={m} />)}
        </div>
      )}
      {models.length && notInProduction ? <p className="mt-6 text-sm text-muted-foreground">{notInProduction} more model{notInProduction === 1 ? " is" : "s are"} not in production yet; see <Link className="text-primary-text underline" href={routes.models()}>all models</Link>.</p> : null}
    </>
  );
}

function ModelCard({ m }: { m: TExecutiveModel }) {
  const gateVariant = m.gates?.status === "pass" ? "success" : m.gates?.status === "fail" ? "danger" : "warning";
  return (
    <Card data-model={m.name}>
      <CardHeader>
        <div className="flex items-start justify-between gap-2">
          <CardTitle as="h2"><Link href={routes.whatif(m.id)} className="hover:underline">{m.name}</Link></CardTitle>
          <Badge variant="success">v{m.production.number} in production</Badge>
        </div>
        <CardDescription className="flex flex-wrap items-center gap-1.5"><TaskLabel task={m.task} /> · {m.team.name}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {"unavailable" in m.value ? (
          <p className="text-sm text-muted-foreground" data-figure="value-per-month">Value per month: not available — {m.value.unavailable}.</p>
        ) : (
          <div data-figure="value-per-month">
            <div className="text-xs font-medium text-muted-foreground">{m.task === "REGRESSION" ? "Cost of error per month (negative)" : "Net value per month"}</div>
            <div className={`text-2xl font-semibold tabular-nums ${m.value.perMonth >= 0 ? "text-success-text" : "text-danger-text"}`} data-value>{formatMoney(m.value.perMonth, m.value.currency)}</div>
            <div className="text-xs text-muted-foreground">
              {m.value.basis.kind === "scenario" ? <>with scenario <Link className="underline" href={routes.whatif(m.id, { scenario: m.value.basis.id })}>{m.value.basis.name}</Link></> : "with the what-if defaults (placeholders until a scenario is saved)"}
              {m.value.estimated ? "; estimated from a stored ROC curve" : ""}
            </div>
          </div>
        )}
        <ul className="space-y-1 text-sm">
          <li className="flex items-center gap-2" data-gates={m.gates?.status ?? "unknown"}>
            <span className="text-muted-foreground">Gates</span>
            {m.gates ? <Badge variant={gateVariant}>{m.gates.status === "pass" ? "meets its gates" : m.gates.status === "fail" ? `fails: ${m.gates.failing.join(", ")}` : "evidence pending"}</Badge> : <Badge variant="neutral">unknown</Badge>}
          </li>
          <li className="flex items-center gap-2"><span className="text-muted-foreground">Promotion requests</span>{m.openRequests ? <Badge variant="info">{m.openRequests} open</Badge> : <span>none open</span>}</li>
          <li className="flex items-center gap-2"><span className="text-muted-foreground">Alerts</span><span className="text-muted-foreground">monitoring not set up yet</span></li>
        </ul>
        <Link href={routes.whatif(m.id)} className="inline-flex items-center gap-1 text-sm font-medium text-primary-text hover:underline">Open the what-if <ArrowRight aria-hidden className="size-4" /></Link>
      </CardContent>
    </Card>
  );
}
