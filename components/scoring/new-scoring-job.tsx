"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FileDrop } from "@/components/ui/file-drop";
import { Input } from "@/components/ui/input";
import { UploadProgress } from "@/components/ui/upload-progress";
import { apiFetch, ApiError, toApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TScoringFormOptions } from "@/lib/scoring/scoring-form-options";
import type { TScoringJobDto } from "@/lib/scoring/scoring-job-dto";
import { formatBytes } from "@/lib/utils/format";

const selectClasses = "h-9 w-full rounded-md border border-input bg-card px-3 text-sm";
const UPLOAD = "__upload__";
const PRODUCTION = "__production__";

type TProgress = { loaded: number; total: number; startedAt: number };

// Sends the CSV with XMLHttpRequest (fetch has no upload progress) to the dataset upload API, as a
// scoring input attached to the model; resolves with the new dataset's id.
function uploadCsv(file: File, fields: { team: string; name: string; modelId: string }, onProgress: (p: TProgress) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    body.append("team", fields.team);
    body.append("name", fields.name);
    body.append("modelId", fields.modelId);
    body.append("role", "scoring");
    body.append("file", file, file.name);
    const req = new XMLHttpRequest();
    req.open("POST", routes.api.datasets());
    req.responseType = "json";
    const startedAt = performance.now();
    req.upload.onprogress = (ev) => onProgress({ loaded: ev.loaded, total: ev.lengthComputable ? ev.total : file.size, startedAt });
    req.onload = () => (req.status === 201 ? resolve((req.response as { dataset: { id: string } }).dataset.id) : reject(toApiError(req.status, req.response)));
    req.onerror = () => reject(new ApiError(0, "network", "The upload was interrupted. If the file is larger than the server's limit, the server closes the connection; otherwise check your connection and retry."));
    req.send(body);
  });
}

// A dataset name from the file name, following the dataset name rules.
function nameFromFile(file: File): string {
  const base = file.name.replace(/\.csv$/i, "").toLowerCase().replace(/[^a-z0-9\-_.]+/g, "-").replace(/^[^a-z0-9]+/, "").slice(0, 40);
  return `${base || "scoring-input"}-${new Date().toISOString().slice(0, 10)}`;
}

/**
 * The "New scoring job" form: a model, then a version or "production" (resolved when the job
 * starts), then a dataset of the model's team or a CSV to upload (stored as the model's scoring
 * input), and the share of bad rows the job tolerates. Opens the job's page once it is queued.
 */
export function NewScoringJob({ options, maxBytes, defaultModelId }: { options: TScoringFormOptions; maxBytes: number; defaultModelId?: string }) {
  const router = useRouter();
  const [modelId, setModelId] = useState(options.models.find((m) => m.id === defaultModelId)?.id ?? options.models[0]?.id ?? "");
  const model = options.models.find((m) => m.id === modelId);
  const production = model?.versions.find((v) => v.stage === "PRODUCTION");
  const [versionChoice, setVersionChoice] = useState<string>(production ? PRODUCTION : (model?.versions[0]?.id ?? ""));
  const datasets = useMemo(() => {
    if (!model) return [];
    const mine = options.datasets.filter((d) => d.teamId === model.teamId);
    return [...mine.filter((d) => model.scoringDatasetIds.includes(d.id)), ...mine.filter((d) => !model.scoringDatasetIds.includes(d.id))];
  }, [model, options.datasets]);
  const [datasetChoice, setDatasetChoice] = useState<string>(datasets[0]?.id ?? UPLOAD);
  const [file, setFile] = useState<File | null>(null);
  const [datasetName, setDatasetName] = useState("");
  const [sharePercent, setSharePercent] = useState("5");
  const [progress, setProgress] = useState<TProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  function chooseModel(id: string) {
    setModelId(id);
    const m = options.models.find((x) => x.id === id);
    setVersionChoice(m?.versions.some((v) => v.stage === "PRODUCTION") ? PRODUCTION : (m?.versions[0]?.id ?? ""));
    const first = options.datasets.find((d) => d.teamId === m?.teamId && m.scoringDatasetIds.includes(d.id)) ?? options.datasets.find((d) => d.teamId === m?.teamId);
    setDatasetChoice(first?.id ?? UPLOAD);
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!model) return;
    const errors: Record<string, string> = {};
    const share = Number(sharePercent);
    if (sharePercent.trim() === "" || !Number.isFinite(share) || share < 0 || share > 100) errors.maxErrorShare = "Give a percentage between 0 and 100.";
    if (!versionChoice) errors.version = "This model has no version that passed intake.";
    if (datasetChoice === UPLOAD && !file) errors.file = "Choose a .csv file to score.";
    setFieldErrors(errors);
    if (Object.keys(errors).length) return;
    setProblem(null);
    setBusy(true);
    try {
      let datasetId = datasetChoice;
      if (datasetChoice === UPLOAD && file) {
        datasetId = await uploadCsv(file, { team: model.team.slug, name: datasetName.trim() || nameFromFile(file), modelId: model.id }, setProgress);
        setProgress(null);
      }
      const body = versionChoice === PRODUCTION
        ? { modelId: model.id, useProduction: true, datasetId, maxErrorShare: share / 100 }
        : { versionId: versionChoice, datasetId, maxErrorShare: share / 100 };
      const { scoringJob } = await apiFetch<{ scoringJob: TScoringJobDto }>(routes.api.scoringJobs(), { body });
      router.push(routes.scoringJob(scoringJob.id));
    } catch (err) {
      setProgress(null);
      setBusy(false);
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        if (fields.name) setFieldErrors({ datasetName: fields.name });
        setProblem(err.message);
      } else setProblem("Could not start the scoring job.");
    }
  }

  if (options.models.length === 0) {
    return (
      <Card>
        <CardHeader><CardTitle>New scoring job</CardTitle></CardHeader>
        <CardContent><p className="text-sm text-muted-foreground">Your role does not allow batch scoring in any of your teams, or your teams have no models yet.</p></CardContent>
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>New scoring job</CardTitle>
        <CardDescription>Scores every row of a CSV in a worker; the output is the input columns plus the predictions.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="space-y-4" noValidate aria-label="New scoring job">
          {problem ? <Alert variant="danger" title="Could not start the job" description={problem} /> : null}
          <Field label="Model">
            <select value={modelId} onChange={(e) => chooseModel(e.target.value)} className={selectClasses} disabled={busy}>
              {options.models.map((m) => <option key={m.id} value={m.id}>{m.name}{options.models.some((o) => o.id !== m.id && o.name === m.name) ? ` (${m.team.name})` : ""}</option>)}
            </select>
          </Field>
          <Field label="Version" error={fieldErrors.version} hint={versionChoice === PRODUCTION ? "The version in production when the job starts; the job records which one it used." : undefined}>
            <select value={versionChoice} onChange={(e) => setVersionChoice(e.target.value)} className={selectClasses} disabled={busy || !model?.versions.length}>
              {production ? <option value={PRODUCTION}>Production (now v{production.number})</option> : null}
              {model?.versions.map((v) => <option key={v.id} value={v.id}>v{v.number}{v.stage !== "DEVELOPMENT" ? ` · ${v.stage.toLowerCase()}` : ""}</option>)}
            </select>
          </Field>
          <Field label="Dataset">
            <select value={datasetChoice} onChange={(e) => setDatasetChoice(e.target.value)} className={selectClasses} disabled={busy}>
              {datasets.map((d) => <option key={d.id} value={d.id}>{d.name} ({d.rowCount.toLocaleString("en-US")} rows){model?.scoringDatasetIds.includes(d.id) ? " · scoring input" : ""}</option>)}
              <option value={UPLOAD}>Upload a CSV…</option>
            </select>
          </Field>
          {datasetChoice === UPLOAD ? (
            <div className="space-y-3 rounded-md border border-dashed border-border p-3">
              <FileDrop accept=".csv" maxSize={maxBytes} description={`CSV with a header line, up to ${formatBytes(maxBytes)}`} onFile={(f) => { setFile(f); setDatasetName(nameFromFile(f)); }} onClear={() => setFile(null)} disabled={busy} error={fieldErrors.file} />
              <Field label="Dataset name" hint="Stored as a dataset of the team, attached to the model as scoring input." error={fieldErrors.datasetName}>
                <Input value={datasetName} onChange={(e) => setDatasetName(e.target.value)} placeholder="e.g. transactions-2026-11" autoComplete="off" maxLength={63} disabled={busy} />
              </Field>
            </div>
          ) : null}
          <Field label="Bad rows tolerated (%)" hint="Rows that cannot be scored go to an error report; past this share the job fails and publishes nothing." error={fieldErrors.maxErrorShare}>
            <Input type="number" inputMode="decimal" min={0} max={100} step="0.1" value={sharePercent} onChange={(e) => setSharePercent(e.target.value)} disabled={busy} />
          </Field>
          {progress ? (
            <UploadProgress loaded={progress.loaded} total={progress.total} fileName={file?.name} status={progress.loaded >= progress.total ? "processing" : "uploading"} />
          ) : (
            <Button type="submit" className="w-full" loading={busy} loadingText="Starting…">Start scoring</Button>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
