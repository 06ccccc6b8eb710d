import { withApi } from "@/lib/http/with-api";
import { fileResponse } from "@/lib/http/file-response";
import { openScoringFile } from "@/lib/scoring/open-scoring-file";

// GET: the error report (row, column, reason for each row that could not be scored) as a download.
export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => fileResponse({ ...(await openScoringFile(actor, params.id, "errors")), contentType: "text/csv; charset=utf-8" }));
