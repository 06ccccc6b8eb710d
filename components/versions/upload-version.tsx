"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FileDrop } from "@/components/ui/file-drop";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { UploadProgress } from "@/components/ui/upload-progress";
import { toApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import { formatBytes } from "@/lib/utils/format";

type TProgress = { loaded: number; total: number; startedAt: number };

const splitList = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

function speed(p: TProgress): number | undefined {
  const seconds = (performance.now() - p.startedAt) / 1000;
  return seconds > 0.2 ? p.loaded / seconds : undefined;
}

// Sends the file with XMLHttpRequest because fetch has no upload progress events.
export function UploadVersion({ modelId, task, maxBytes }: { modelId: string; task: "BINARY" | "MULTICLASS" | "REGRESSION"; maxBytes: number }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<TProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const xhr = useRef<XMLHttpRequest | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  function metadataFrom(form: FormData): { value?: Record<string, unknown>; error?: Record<string, string> } {
    const meta: Record<string, unknown> = {};
    const features = splitList(String(form.get("features") ?? ""));
    if (features.length) meta.features = features;
    const labels = splitList(String(form.get("labelClasses") ?? ""));
    if (labels.length) meta.labelClasses = labels;
    const positive = String(form.get("positiveClass") ?? "").trim();
    if (positive) meta.positiveClass = positive;
    for (const key of ["trainingData", "gitCommit", "notes"] as const) {
      const v = String(form.get(key) ?? "").trim();
      if (v) meta[key] = v;
    }
    const params = String(form.get("params") ?? "").trim();
    if (params) {
      try {
        const parsed = JSON.parse(params);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
        meta.params = parsed;
      } catch {
        return { error: { "metadata.params": "Params must be a JSON object, e.g. {\"C\": 1.0}" } };
      }
    }
    return { value: meta };
  }

  function start(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file) {
      setError("Choose an .onnx file first.");
      return;
    }
    const meta = metadataFrom(new FormData(e.currentTarget));
    if (meta.error) {
      setFieldErrors(meta.error);
      return;
    }
    setError(null);
    setFieldErrors({});
    const body = new FormData();
    body.append("metadata", JSON.stringify(meta.value));
    body.append("file", file, file.name);
    const req = new XMLHttpRequest();
    xhr.current = req;
    req.open("POST", routes.api.modelVersions(modelId));
    req.responseType = "json";
    const startedAt = performance.now();
    setProgress({ loaded: 0, total: file.size, startedAt });
    req.upload.onprogress = (ev) => setProgress({ loaded: ev.loaded, total: ev.lengthComputable ? ev.total : file.size, startedAt });
    req.onload = () => {
      xhr.current = null;
      if (req.status === 201) {
        const id = (req.response as { version: { id: string } }).version.id;
        router.push(routes.version(id));
        return;
      }
      setProgress(null);
      const err = toApiError(req.status, req.response);
      setError(err.message);
      setFieldErrors(err.fieldErrors());
    };
    req.onerror = () => {
      xhr.current = null;
      setProgress(null);
      setError("The upload was interrupted. If the file is larger than the server's limit, the server closes the connection; otherwise check your connection and retry.");
    };
    req.onabort = () => {
      xhr.current = null;
      setProgress(null);
      setError("Upload cancelled.");
    };
    req.send(body);
  }

  const uploading = progress !== null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Upload a version</CardTitle>
        <CardDescription>An ONNX file. Intake checks run as soon as it arrives.</CardDescription>
      </CardHeader>
      <CardContent>
        <form ref={formRef} onSubmit={start} className="space-y-4" noValidate aria-label="Upload a version">
          {error ? <Alert variant="danger" title="Upload failed" description={error} /> : null}
          <FileDrop accept=".onnx" maxSize={maxBytes} description={`ONNX model, up to ${formatBytes(maxBytes)}`} onFile={(f) => { setFile(f); setError(null); }} onClear={() => setFile(null)} disabled={uploading} />
          <details className="group rounded-md border border-border p-3 text-sm">
            <summary className="cursor-pointer font-medium">Metadata (optional)</summary>
            <div className="mt-3 space-y-3">
              <Field label="Feature names" hint="Comma separated, in the model's input order" error={fieldErrors["metadata.features"]}><Input name="features" /></Field>
              {task !== "REGRESSION" ? (
                <>
                  <Field label="Label classes" hint="Comma separated, e.g. 0, 1" error={fieldErrors["metadata.labelClasses"]}><Input name="labelClasses" /></Field>
                  <Field label="Positive class" error={fieldErrors["metadata.positiveClass"]}><Input name="positiveClass" /></Field>
                </>
              ) : null}
              <Field label="Training data reference" error={fieldErrors["metadata.trainingData"]}><Input name="trainingData" placeholder="s3://bucket/train-2026-10.parquet" /></Field>
              <Field label="Git commit" error={fieldErrors["metadata.gitCommit"]}><Input name="gitCommit" placeholder="e.g. 3f9c2ab" /></Field>
              <Field label="Params (JSON)" error={fieldErrors["metadata.params"]}><Textarea name="params" rows={3} placeholder='{"C": 1.0, "max_iter": 200}' /></Field>
              <Field label="Notes" error={fieldErrors["metadata.notes"]}><Textarea name="notes" rows={3} /></Field>
            </div>
          </details>
          {progress ? (
            <UploadProgress loaded={progress.loaded} total={progress.total} bytesPerSecond={speed(progress)} fileName={file?.name} onCancel={() => xhr.current?.abort()} />
          ) : (
            <Button type="submit" className="w-full" disabled={!file}>Upload</Button>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
