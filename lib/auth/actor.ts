import type { TeamRole } from "@/lib/generated/prisma/enums";

export type TActorMembership = { teamId: string; teamSlug: string; teamName: string; role: TeamRole };

// Who is acting: a signed-in user (session cookie) or an API token acting for its creator.
export type TActor = {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  // For a token: only the token's team, with the token's permissions intersected with the role.
  memberships: TActorMembership[];
  tokenId: string | null;
  tokenPrefix: string | null;
  tokenRole: TeamRole | null;
  tokenScopes: string[];
};

export function membershipOf(actor: TActor, teamId: string): TActorMembership | undefined {
  return actor.memberships.find((m) => m.teamId === teamId);
}
