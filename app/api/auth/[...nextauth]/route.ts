import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { assertLoginAllowed } from "@/lib/auth/login-rate-limit";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isAppError } from "@/lib/errors";

const handler = NextAuth(authOptions);
type TCtx = { params: Promise<{ nextauth: string[] }> };

export { handler as GET };

// Sign-in attempts past the failure limit are answered 429 with Retry-After before next-auth runs.
// The body keeps next-auth's { url } shape so its client reports `error=RateLimited`.
export async function POST(req: NextRequest, ctx: TCtx) {
  const { nextauth } = await ctx.params;
  if (nextauth?.[0] === "callback" && nextauth?.[1] === "credentials") {
    const form = await req.clone().formData().catch(() => null);
    const email = String(form?.get("email") ?? "").trim().toLowerCase();
    if (email) {
      try {
        await assertLoginAllowed(email, clientIpFrom((n) => req.headers.get(n)));
      } catch (e) {
        if (!isAppError(e) || e.code !== "rate_limited") throw e;
        const url = new URL("/login", req.nextUrl.origin);
        url.searchParams.set("error", "RateLimited");
        return Response.json({ url: url.toString(), error: { code: e.code, message: e.message } }, {
          status: 429,
          headers: { "Retry-After": String(e.retryAfterSeconds ?? 60) },
        });
      }
    }
  }
  return handler(req, ctx);
}
