"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FileDrop } from "@/components/ui/file-drop";
import { Input } from "@/components/ui/input";
import { UploadProgress } from "@/components/ui/upload-progress";
import { toApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import { formatBytes } from "@/lib/utils/format";

type TProgress = { loaded: number; total: number; startedAt: number };
type TTeam = { id: string; slug: string; name: string };
type TProblem = { message: string; where?: string };

const selectClasses = "h-9 w-full rounded-md border border-input bg-card px-3 text-sm";

function speed(p: TProgress): number | undefined {
  const seconds = (performance.now() - p.startedAt) / 1000;
  return seconds > 0.2 ? p.loaded / seconds : undefined;
}

// Reads only the header of the chosen file, with the same parser as the server (loaded on demand),
// to offer its columns as label choices. Any failure just falls back to a text field: the server
// profiles the whole file and names the problem anyway.
async function readHeader(file: File): Promise<string[] | null> {
  try {
    const { parse } = await import("csv-parse/browser/esm/sync");
    const text = await file.slice(0, 256 * 1024).text();
    const [first] = parse(text, { bom: true, to: 1, relax_column_count: true }) as string[][];
    const names = (first ?? []).map((n) => n.trim()).filter(Boolean);
    return names.length ? names : null;
  } catch {
    return null;
  }
}

// The server's 422 carries { row, line, column } in details; shown under the message.
function locate(details: unknown): string | undefined {
  if (!details || typeof details !== "object" || Array.isArray(details)) return undefined;
  const d = details as { row?: number; line?: number; column?: number };
  const parts: string[] = [];
  if (typeof d.row === "number") parts.push(d.row === 0 ? "header" : `row ${d.row}`);
  if (typeof d.line === "number") parts.push(`line ${d.line}`);
  if (typeof d.column === "number") parts.push(`column ${d.column}`);
  return parts.length ? parts.join(" · ") : undefined;
}

// Sends the file with XMLHttpRequest because fetch has no upload progress events. The text fields go
// first so the server has them before the file streams in.
export function UploadDataset({ teams, defaultTeam, maxBytes }: { teams: TTeam[]; defaultTeam: string; maxBytes: number }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<string[] | null>(null);
  const [progress, setProgress] = useState<TProgress | null>(null);
  const [processing, setProcessing] = useState(false);
  const [problem, setProblem] = useState<TProblem | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const xhr = useRef<XMLHttpRequest | null>(null);

  async function choose(f: File) {
    setFile(f);
    setProblem(null);
    setColumns(await readHeader(f));
  }

  function start(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file) {
      setProblem({ message: "Choose a .csv file first." });
      return;
    }
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    if (!name) {
      setFieldErrors({ name: "Give the dataset a name." });
      return;
    }
    setProblem(null);
    setFieldErrors({});
    const body = new FormData();
    body.append("team", String(form.get("team") ?? defaultTeam));
    body.append("name", name);
    const label = String(form.get("labelColumn") ?? "").trim();
    if (label) body.append("labelColumn", label);
    body.append("file", file, file.name);

    const req = new XMLHttpRequest();
    xhr.current = req;
    req.open("POST", routes.api.datasets());
    req.responseType = "json";
    const startedAt = performance.now();
    setProgress({ loaded: 0, total: file.size, startedAt });
    req.upload.onprogress = (ev) => setProgress({ loaded: ev.loaded, total: ev.lengthComputable ? ev.total : file.size, startedAt });
    // Sent: the server is now profiling the file.
    req.upload.onload = () => setProcessing(true);
    const reset = () => {
      xhr.current = null;
      setProgress(null);
      setProcessing(false);
    };
    req.onload = () => {
      if (req.status === 201) {
        const id = (req.response as { dataset: { id: string } }).dataset.id;
        router.push(routes.dataset(id));
        return;
      }
      reset();
      const err = toApiError(req.status, req.response);
      const fields = err.fieldErrors();
      setFieldErrors(fields);
      const details = (req.response as { error?: { details?: unknown } } | null)?.error?.details;
      if (Object.keys(fields).length === 0 || err.code === "unprocessable") setProblem({ message: err.message, where: locate(details) });
    };
    req.onerror = () => {
      reset();
      setProblem({ message: "The upload was interrupted. If the file is larger than the server's limit, the server closes the connection; otherwise check your connection and retry." });
    };
    req.onabort = () => {
      reset();
      setProblem({ message: "Upload cancelled." });
    };
    req.send(body);
  }

  const uploading = progress !== null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Upload a dataset</CardTitle>
        <CardDescription>A CSV with a header line. Its columns are profiled as it arrives.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={start} className="space-y-4" noValidate aria-label="Upload a dataset">
          {problem ? (
            <Alert variant="danger" title="Upload failed" description={<>{problem.message}{problem.where ? <span className="mt-1 block font-mono text-xs">{problem.where}</span> : null}</>} />
          ) : null}
          <FileDrop
            accept=".csv"
            maxSize={maxBytes}
            description={`CSV, up to ${formatBytes(maxBytes)}`}
            onFile={(f) => void choose(f)}
            onClear={() => { setFile(null); setColumns(null); }}
            disabled={uploading}
          />
          {teams.length > 1 ? (
            <Field label="Team" error={fieldErrors.team}>
              {(c) => (
                <select {...c} name="team" defaultValue={defaultTeam} className={selectClasses} disabled={uploading}>
                  {teams.map((t) => <option key={t.id} value={t.slug}>{t.name}</option>)}
                </select>
              )}
            </Field>
          ) : <input type="hidden" name="team" value={defaultTeam} />}
          <Field label="Name" required hint="Lowercase letters, digits, '-', '_' and '.'. Example: churn-holdout-2026q3" error={fieldErrors.name}>
            <Input name="name" autoComplete="off" maxLength={200} disabled={uploading} />
          </Field>
          <Field label="Label column" hint="The ground truth, for evaluation. Optional." error={fieldErrors.labelColumn}>
            {(c) => columns ? (
              <select {...c} key={columns.join("\u0000")} name="labelColumn" defaultValue="" className={selectClasses} disabled={uploading}>
                <option value="">None</option>
                {columns.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            ) : (
              <Input {...c} name="labelColumn" autoComplete="off" placeholder="e.g. churned" disabled={uploading} />
            )}
          </Field>
          {progress ? (
            <UploadProgress
              loaded={progress.loaded}
              total={progress.total}
              bytesPerSecond={speed(progress)}
              fileName={file?.name}
              status={processing ? "processing" : "uploading"}
              onCancel={() => xhr.current?.abort()}
            />
          ) : (
            <Button type="submit" className="w-full" disabled={!file}>Upload</Button>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
