import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { loadUserActor } from "@/lib/auth/load-actor";
import type { TActor } from "@/lib/auth/actor";

// The actor behind the session cookie of the current request, re-checked against the database
// (once per server render: layout and page share the answer).
export const getSessionActor = cache(async (): Promise<TActor | null> => {
  const session = (await getServerSession(authOptions)) as { uid?: string; sv?: number } | null;
  if (!session?.uid) return null;
  return loadUserActor(session.uid, typeof session.sv === "number" ? session.sv : -1);
});
