import { withApi } from "@/lib/http/with-api";
import { exportScenarioCsv } from "@/lib/whatif/export-scenario-csv";

export const GET = withApi<{ id: string }>(async (_req, { actor, params }) => {
  const { filename, csv } = await exportScenarioCsv(actor, params.id);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
