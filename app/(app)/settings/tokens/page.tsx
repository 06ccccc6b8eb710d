import { requireActor } from "@/lib/auth/require-actor";
import { env } from "@/lib/env";
import { teamsWhere } from "@/lib/auth/permissions";
import { listApiTokens } from "@/lib/tokens/list-api-tokens";
import { routes } from "@/lib/routes";
import { PageHeader } from "@/components/ui/page-header";
import { TokensManager } from "@/components/tokens/tokens-manager";

export const metadata = { title: "API tokens · Modelgate" };

export default async function TokensPage() {
  const actor = await requireActor(routes.tokens());
  const tokens = await listApiTokens(actor);
  const allowed = teamsWhere(actor, "token.create");
  const teams = actor.memberships.filter((m) => allowed.includes(m.teamId)).map((m) => ({ slug: m.teamSlug, name: m.teamName, role: m.role }));
  return (
    <>
      <PageHeader title="API tokens" description="For the CLI, CI, scripts and online prediction: send 'Authorization: Bearer <token>'. A token acts in one team with your role there, for the scopes you choose, and stops working when revoked or when you lose access." />
      <TokensManager initial={JSON.parse(JSON.stringify(tokens))} teams={teams} maxRatePerSecond={env.SERVE_RATE_LIMIT_PER_SECOND} />
    </>
  );
}
