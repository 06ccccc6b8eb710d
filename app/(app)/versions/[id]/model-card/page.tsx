import { Download, FileText } from "lucide-react";
import { requireActor } from "@/lib/auth/require-actor";
import { orNotFound } from "@/lib/http/or-not-found";
import { routes } from "@/lib/routes";
import { gatherModelCard } from "@/lib/versions/model-card";
import { filenameOf } from "@/lib/versions/render-model-card";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { StageBadge } from "@/components/ui/badge";
import { ModelCardView } from "@/components/versions/model-card-view";

export const metadata = { title: "Model card · Modelgate" };

// On paper only the card is printed: the app's header, banners and this page's buttons are left out.
const PRINT_CSS = `@media print {
  div:has(> #main-content) > :not(#main-content), #main-content nav[aria-label="Breadcrumb"], [data-print="hide"] { display: none !important; }
  #main-content { padding: 0 !important; max-width: none !important; }
  body { background: white !important; }
}`;

export default async function ModelCardPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(routes.modelCard(id));
  const card = await orNotFound(gatherModelCard(actor, id));
  return (
    <>
      <style>{PRINT_CSS}</style>
      <PageHeader
        title={<span className="flex items-center gap-3">Model card: {card.model.name} <span className="text-muted-foreground">v{card.version.number}</span> <StageBadge stage={card.version.stage} /></span>}
        breadcrumbs={[
          { label: "Models", href: routes.models() },
          { label: card.model.name, href: routes.model(card.model.id) },
          { label: `v${card.version.number}`, href: routes.version(card.version.id) },
          { label: "Model card" },
        ]}
        actions={
          <div data-print="hide" className="flex flex-wrap gap-2">
            <Button asChild variant="outline">
              <a href={routes.api.modelCard(card.version.id)} target="_blank" rel="noopener"><FileText aria-hidden />View Markdown</a>
            </Button>
            <Button asChild>
              <a href={routes.api.modelCard(card.version.id, { download: true })} download={filenameOf(card)}><Download aria-hidden />Download Markdown</a>
            </Button>
          </div>
        }
      />
      <ModelCardView data={card} />
    </>
  );
}
