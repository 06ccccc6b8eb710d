import { withApi } from "@/lib/http/with-api";
import { buildModelCard } from "@/lib/versions/model-card";

// GET /api/v1/versions/{id}/model-card: the card as Markdown; ?download=1 asks the browser to save it.
export const GET = withApi<{ id: string }>(async (req, { actor, params }) => {
  const { markdown, filename } = await buildModelCard(actor, params.id);
  const download = req.nextUrl.searchParams.get("download") === "1";
  return new Response(markdown, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      // The name is built from the model name (already [a-z0-9._-]) and the version number, so it needs no quoting beyond this.
      "content-disposition": `${download ? "attachment" : "inline"}; filename="${filename}"`,
      // The card is read as of now (gates, evaluations) and is team data: never cached by a shared cache.
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
