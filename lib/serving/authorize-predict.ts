import { can } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import type { TCaller } from "@/lib/serving/create-caller-cache";

/**
 * Whether the caller may ask for predictions of a model of team `teamSlug`; returns the team id.
 * A token needs the predict scope (403 without it) and is good for its own team only; another
 * team's model does not exist for it (404, as everywhere in Modelgate). A user calling through the
 * web process needs `scoring.run` in the team.
 */
export function authorizePredict(caller: TCaller, teamSlug: string): string {
  if (caller.kind === "token" && !caller.actor.tokenScopes.includes("predict")) {
    throw new AppError("forbidden", "This API token lacks the predict scope; create a token with \"Online prediction\" for serve");
  }
  const membership = caller.actor.memberships.find((m) => m.teamSlug === teamSlug);
  if (!membership) throw notFound("Model");
  if (caller.kind === "internal" && !can(caller.actor, "scoring.run", membership.teamId)) {
    throw new AppError("forbidden", "Your role in this team does not allow running predictions");
  }
  return membership.teamId;
}
