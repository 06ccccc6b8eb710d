"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Markdown } from "@/components/ui/markdown";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";

type TTeam = { id: string; slug: string; name: string };

export function RegisterModelForm({ teams, defaultTeam }: { teams: TTeam[]; defaultTeam: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [description, setDescription] = useState("");
  const [preview, setPreview] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const tags = String(form.get("tags") ?? "").split(",").map((t) => t.trim().toLowerCase()).filter(Boolean);
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const { model } = await apiFetch<{ model: { id: string } }>(routes.api.models(), {
        body: { team: form.get("team"), name: String(form.get("name") ?? "").trim(), task: form.get("task"), description, tags },
      });
      router.push(routes.model(model.id));
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        setErrors(err.code === "conflict" ? { name: err.message } : fields);
        if (err.code !== "conflict" && Object.keys(fields).length === 0) setFormError(err.message);
      } else setFormError("Something went wrong. Try again.");
      setPending(false);
    }
  }

  return (
    <Card className="max-w-2xl">
      <form onSubmit={onSubmit} noValidate>
        <CardContent className="space-y-5 pt-6">
          {formError ? <Alert variant="danger" title={formError} /> : null}
          <Field label="Team" error={errors.team}>
            {(c) => (
              <select {...c} name="team" defaultValue={defaultTeam} className="h-9 w-full rounded-md border border-input bg-card px-3 text-sm">
                {teams.map((t) => <option key={t.id} value={t.slug}>{t.name}</option>)}
              </select>
            )}
          </Field>
          <Field label="Name" required hint="Lowercase letters, digits, '-', '_' and '.'; up to 63 characters. Example: card-fraud" error={errors.name}>
            <Input name="name" autoComplete="off" maxLength={200} />
          </Field>
          <Field label="Task" required error={errors.task}>
            {(c) => (
              <select {...c} name="task" defaultValue="BINARY" className="h-9 w-full rounded-md border border-input bg-card px-3 text-sm">
                <option value="BINARY">Binary classification</option>
                <option value="MULTICLASS">Multiclass classification</option>
                <option value="REGRESSION">Regression</option>
              </select>
            )}
          </Field>
          <Field label="Description" hint="Markdown. Raw HTML is not rendered." error={errors.description}>
            {(c) => (
              <div className="space-y-2">
                <div className="flex gap-2 text-sm" role="tablist" aria-label="Description editor">
                  <Button type="button" size="sm" variant={preview ? "ghost" : "secondary"} role="tab" aria-selected={!preview} onClick={() => setPreview(false)}>Write</Button>
                  <Button type="button" size="sm" variant={preview ? "secondary" : "ghost"} role="tab" aria-selected={preview} onClick={() => setPreview(true)}>Preview</Button>
                </div>
                {preview ? (
                  <div className="min-h-32 rounded-md border border-border p-3">{description ? <Markdown source={description} /> : <p className="text-sm text-muted-foreground">Nothing to preview.</p>}</div>
                ) : (
                  <Textarea {...c} rows={6} value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What the model predicts, for whom, and what it was trained on." />
                )}
              </div>
            )}
          </Field>
          <Field label="Tags" hint="Comma separated, e.g. fraud, payments" error={errors.tags ?? Object.entries(errors).find(([k]) => k.startsWith("tags."))?.[1]}>
            <Input name="tags" autoComplete="off" />
          </Field>
        </CardContent>
        <CardFooter className="justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => router.back()}>Cancel</Button>
          <Button type="submit" loading={pending} loadingText="Registering…">Register model</Button>
        </CardFooter>
      </form>
    </Card>
  );
}
