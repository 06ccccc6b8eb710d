import type { TActor } from "@/lib/auth/actor";
import { routes } from "@/lib/routes";

/**
 * Where a person lands after signing in: executives (everyone whose role is executive in all their
 * teams) on their overview of production models, everyone else on the model registry.
 */
export function landingPage(actor: TActor): string {
  const executiveOnly = actor.memberships.length > 0 && actor.memberships.every((m) => m.role === "EXECUTIVE");
  return executiveOnly ? routes.executive() : routes.models();
}
