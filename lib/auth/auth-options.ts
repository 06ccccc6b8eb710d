import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "@/lib/auth/login-rate-limit";
import { clientIpFrom } from "@/lib/http/client-ip";

const ZCredentials = z.object({ email: z.string().trim().toLowerCase().email().max(320), password: z.string().min(1).max(200) });

// next-auth v4, credentials + JWT. The token carries only the user id and session version; every
// request re-reads the user (lib/auth/session-actor.ts), so a disabled user or a changed role takes
// effect at once.
export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIpFrom((name) => {
          const v = req.headers?.[name];
          return Array.isArray(v) ? v[0] : (v ?? null);
        });
        // The route wrapper answers 429 before this runs; this second check covers direct calls.
        await assertLoginAllowed(email, ip);
        const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true, disabledAt: true, sessionVersion: true } });
        if (!user) {
          await burnPasswordCheck(password);
          await recordLoginFailure(email, ip);
          return null;
        }
        const ok = await verifyPassword(user.passwordHash, password);
        if (!ok || user.disabledAt) {
          await recordLoginFailure(email, ip);
          return null;
        }
        await recordLoginSuccess(email, ip);
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, uid: token.uid, sv: token.sv } as typeof session;
    },
  },
};
