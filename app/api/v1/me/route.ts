import { NextResponse } from "next/server";
import { withApi } from "@/lib/http/with-api";

export const GET = withApi(async (_req, { actor }) =>
  NextResponse.json({
    user: { id: actor.userId, email: actor.email, name: actor.name, isAdmin: actor.isAdmin },
    teams: actor.memberships.map((m) => ({ id: m.teamId, slug: m.teamSlug, name: m.teamName, role: m.role })),
    token: actor.tokenId ? { id: actor.tokenId, prefix: actor.tokenPrefix, role: actor.tokenRole, scopes: actor.tokenScopes } : null,
  }),
);
