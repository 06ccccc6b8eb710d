"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { KeyRound } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { CodeBlock } from "@/components/ui/code";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TApiTokenRow } from "@/lib/tokens/list-api-tokens";

type TTeam = { slug: string; name: string; role: string };

const SCOPES = [
  { value: "api", label: "Control-plane API", description: "The CLI, CI and scripts: /api/v1 with your role in the team" },
  { value: "predict", label: "Online prediction", description: "POST /v1/models/…/predict on the prediction server" },
] as const;

/** `maxRatePerSecond`: the installation's limit, which is also the default for tokens without their own. */
export function TokensManager({ initial, teams, maxRatePerSecond }: { initial: TApiTokenRow[]; teams: TTeam[]; maxRatePerSecond: number }) {
  const router = useRouter();
  const [predict, setPredict] = useState(false);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const formEl = e.currentTarget;
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const days = String(form.get("expiresInDays") ?? "").trim();
      const rate = String(form.get("rateLimitPerSecond") ?? "").trim();
      const scopes = form.getAll("scopes").map(String);
      const { token } = await apiFetch<{ token: { token: string; name: string } }>(routes.api.tokens(), {
        body: {
          team: form.get("team"), name: String(form.get("name") ?? ""), scopes,
          ...(days ? { expiresInDays: Number(days) } : {}), ...(rate && scopes.includes("predict") ? { rateLimitPerSecond: Number(rate) } : {}),
        },
      });
      setCreated({ token: token.token, name: token.name });
      formEl.reset();
      setPredict(false);
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        if (!err.details?.length) setFormError(err.message);
      } else setFormError("Something went wrong. Try again.");
    } finally {
      setPending(false);
    }
  }

  async function revoke(id: string) {
    setRevoking(id);
    try {
      await apiFetch(routes.api.token(id), { method: "DELETE" });
      router.refresh();
    } catch (err) {
      setFormError(err instanceof ApiError ? err.message : "Could not revoke the token.");
    } finally {
      setRevoking(null);
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
      <Card className="lg:col-span-2">
        <CardHeader><CardTitle>Your tokens</CardTitle></CardHeader>
        <CardContent>
          {initial.length === 0 ? (
            <EmptyState icon={<KeyRound aria-hidden />} title="No tokens yet" description="Create one to call the API from CI or a script." />
          ) : (
            <Table aria-label="API tokens">
              <THead><TR><TH>Name</TH><TH>Team</TH><TH>Scopes</TH><TH className="hidden sm:table-cell">Prefix</TH><TH className="hidden md:table-cell">Last used</TH><TH>Status</TH><TH><span className="sr-only">Actions</span></TH></TR></THead>
              <TBody>
                {initial.map((t) => {
                  const expired = t.expiresAt && new Date(t.expiresAt) <= new Date();
                  return (
                    <TR key={t.id}>
                      <TD className="font-medium">{t.name}</TD>
                      <TD>{t.team.name}</TD>
                      <TD>
                        <div className="flex flex-wrap gap-1">
                          {t.scopes.includes("api") ? <Badge variant="outline" title="Control-plane API (/api/v1)">API</Badge> : null}
                          {t.scopes.includes("predict") ? (
                            <Badge variant="info" title={`Online prediction on serve, ${t.rateLimitPerSecond ? `at most ${t.rateLimitPerSecond.toLocaleString("en-US")}` : `the installation's ${maxRatePerSecond.toLocaleString("en-US")}`} requests per second`}>
                              Predict{t.rateLimitPerSecond ? ` · ${t.rateLimitPerSecond.toLocaleString("en-US")}/s` : ""}
                            </Badge>
                          ) : null}
                        </div>
                      </TD>
                      <TD className="hidden font-mono text-xs sm:table-cell">{t.prefix}…</TD>
                      <TD className="hidden text-sm text-muted-foreground md:table-cell">{t.lastUsedAt ? new Date(t.lastUsedAt).toISOString().slice(0, 16).replace("T", " ") : "never"}</TD>
                      <TD>{t.revokedAt ? <Badge variant="secondary">revoked</Badge> : expired ? <Badge variant="warning">expired</Badge> : <Badge variant="success">active</Badge>}</TD>
                      <TD className="text-right">
                        {!t.revokedAt ? <Button size="sm" variant="outline" loading={revoking === t.id} onClick={() => revoke(t.id)} aria-label={`Revoke token ${t.name}`}>Revoke</Button> : null}
                      </TD>
                    </TR>
                  );
                })}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader><CardTitle>Create a token</CardTitle><CardDescription>It is shown once. Store it in your CI&apos;s secrets.</CardDescription></CardHeader>
        <CardContent>
          {created ? (
            <div className="mb-4 space-y-2">
              <Alert variant="success" title={`Token “${created.name}” created`} description="Copy it now: it will not be shown again." />
              <CodeBlock code={created.token} title="API token" role="group" aria-label="New API token" wrap />
            </div>
          ) : null}
          <form onSubmit={create} className="space-y-4" noValidate aria-label="Create a token">
            {formError ? <Alert variant="danger" title={formError} /> : null}
            <Field label="Team" error={errors.team}>
              {(c) => (
                <select {...c} name="team" className="h-9 w-full rounded-md border border-input bg-card px-3 text-sm">
                  {teams.map((t) => <option key={t.slug} value={t.slug}>{t.name} ({t.role.toLowerCase().replace("_", " ")})</option>)}
                </select>
              )}
            </Field>
            <Field label="Name" required error={errors.name} hint="e.g. github-actions"><Input name="name" maxLength={80} /></Field>
            <fieldset className="space-y-2" aria-describedby={errors.scopes ? "token-scopes-error" : undefined}>
              <legend className="mb-1 text-sm font-medium">What it may do</legend>
              <Checkbox name="scopes" value="api" defaultChecked label={SCOPES[0].label} description={SCOPES[0].description} />
              <Checkbox name="scopes" value="predict" label={SCOPES[1].label} description={SCOPES[1].description} onChange={(e) => setPredict(e.target.checked)} />
              {errors.scopes ? <p id="token-scopes-error" className="text-sm text-danger-text">{errors.scopes}</p> : null}
            </fieldset>
            {predict ? (
              <Field label="Rate limit (requests per second)" hint={`Leave empty for ${maxRatePerSecond.toLocaleString("en-US")}/s, this installation's limit`} error={errors.rateLimitPerSecond}>
                <Input name="rateLimitPerSecond" type="number" min={1} max={maxRatePerSecond} />
              </Field>
            ) : null}
            <Field label="Expires in (days)" hint="Leave empty for no expiry" error={errors.expiresInDays}><Input name="expiresInDays" type="number" min={1} max={365} /></Field>
            <Button type="submit" className="w-full" loading={pending} disabled={teams.length === 0}>Create token</Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
