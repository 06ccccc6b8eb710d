import { withApi } from "@/lib/http/with-api";
import { fileResponse } from "@/lib/http/file-response";
import { openScoringFile } from "@/lib/scoring/open-scoring-file";

// GET: the scored CSV (input columns + predictions), streamed as a download.
export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => fileResponse({ ...(await openScoringFile(actor, params.id, "output")), contentType: "text/csv; charset=utf-8" }));
