import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as meRoute from "@/app/api/v1/me/route";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { createApiToken } from "@/lib/tokens/create-api-token";
import { listApiTokens } from "@/lib/tokens/list-api-tokens";
import { resolveToken } from "@/lib/tokens/resolve-token";
import { call } from "@/test/helpers/api";
import { makeTeamWithRoles } from "@/test/helpers/factories";

// Token scopes: "api" for the control plane, "predict" for serve, chosen at creation.
let t: Awaited<ReturnType<typeof makeTeamWithRoles>>;

beforeAll(async () => {
  t = await makeTeamWithRoles();
});

async function refused(input: Parameters<typeof createApiToken>[1]): Promise<{ path: string; message: string }[]> {
  try {
    await createApiToken(t.ds.actor, input);
  } catch (e) {
    if (e instanceof ZodError) return e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    if (isAppError(e)) return e.details as { path: string; message: string }[];
    throw e;
  }
  throw new Error("expected the token to be refused");
}

describe("API token scopes", () => {
  it("defaults to the control-plane API, as tokens made before scopes existed", async () => {
    const created = await createApiToken(t.ds.actor, { team: t.team.slug, name: "ci" });
    expect(created.scopes).toEqual(["api"]);
    expect(created.rateLimitPerSecond).toBeNull();
  });

  it("creates a prediction-only token with its own rate limit, listed and audited with both", async () => {
    const created = await createApiToken(t.ds.actor, { team: t.team.slug, name: "checkout", scopes: ["predict", "predict"], rateLimitPerSecond: 50 });
    expect(created).toMatchObject({ scopes: ["predict"], rateLimitPerSecond: 50 });
    const listed = (await listApiTokens(t.ds.actor)).find((x) => x.id === created.id)!;
    expect(listed).toMatchObject({ scopes: ["predict"], rateLimitPerSecond: 50 });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { subjectId: created.id, action: "token.created" } });
    expect(audit.after).toMatchObject({ scopes: ["predict"], rateLimitPerSecond: 50 });
    expect(await resolveToken(created.token)).toMatchObject({ rateLimitPerSecond: 50, actor: { tokenScopes: ["predict"] } });
    // The control plane needs the api scope: the token is known (me answers) but may do nothing there.
    expect((await call(meRoute.GET, { token: created.token })).status).toBe(200);
    const register = await call(modelsRoute.POST, { url: "/api/v1/models", token: created.token, json: { team: t.team.slug, name: "nope", task: "BINARY" } });
    expect(register.status).toBe(403);
  });

  it("says which field is wrong", async () => {
    expect(await refused({ team: t.team.slug, name: "x", scopes: [] })).toEqual([{ path: "scopes", message: "choose at least one scope" }]);
    expect((await refused({ team: t.team.slug, name: "x", scopes: ["admin" as "api"] }))[0]).toEqual({ path: "scopes.0", message: 'each scope is "api" (control-plane API) or "predict" (online prediction)' });
    expect(await refused({ team: t.team.slug, name: "x", scopes: ["api"], rateLimitPerSecond: 10 })).toEqual([{ path: "rateLimitPerSecond", message: "only for tokens with the predict scope" }]);
    expect(await refused({ team: t.team.slug, name: "x", scopes: ["predict"], rateLimitPerSecond: 0 })).toEqual([{ path: "rateLimitPerSecond", message: "rateLimitPerSecond must be at least 1" }]);
    expect(await refused({ team: t.team.slug, name: "x", scopes: ["predict"], rateLimitPerSecond: env.SERVE_RATE_LIMIT_PER_SECOND + 1 })).toEqual([{ path: "rateLimitPerSecond", message: `at most ${env.SERVE_RATE_LIMIT_PER_SECOND.toLocaleString("en-US")} requests per second` }]);
  });
});
