import { redirect } from "next/navigation";
import { getSessionActor } from "@/lib/auth/session-actor";
import type { TActor } from "@/lib/auth/actor";
import { routes } from "@/lib/routes";

// For server pages: the signed-in actor, or a redirect to the login page that comes back here.
export async function requireActor(returnTo: string): Promise<TActor> {
  const actor = await getSessionActor();
  if (!actor) redirect(routes.login(returnTo));
  return actor;
}
