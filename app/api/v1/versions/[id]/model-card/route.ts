import { downloadResponse } from "@/lib/http/download-response";
import { withApi } from "@/lib/http/with-api";
import { buildModelCard } from "@/lib/versions/model-card";

// GET /api/v1/versions/{id}/model-card: the card as Markdown; ?download=1 asks the browser to save it.
// The name is built from the model name (already [a-z0-9._-]) and the version number.
export const GET = withApi<{ id: string }>(async (req, { actor, params }) => {
  const { markdown, filename } = await buildModelCard(actor, params.id);
  return downloadResponse(markdown, { filename, contentType: "text/markdown; charset=utf-8", inline: req.nextUrl.searchParams.get("download") !== "1" });
});
