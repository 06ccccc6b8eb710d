import { withApi } from "@/lib/http/with-api";
import { revokeApiToken } from "@/lib/tokens/revoke-api-token";

export const DELETE = withApi<{ id: string }>(async (_req, { actor, params }) => {
  await revokeApiToken(actor, params.id);
  return new Response(null, { status: 204 });
});
