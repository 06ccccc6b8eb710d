import { downloadResponse } from "@/lib/http/download-response";
import { withApi } from "@/lib/http/with-api";
import { exportScenarioCsv } from "@/lib/whatif/export-scenario-csv";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  const { filename, csv } = await exportScenarioCsv(actor, params.id);
  return downloadResponse(csv, { filename, contentType: "text/csv; charset=utf-8" });
});
