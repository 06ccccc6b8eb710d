"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FileCheck2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Code } from "@/components/ui/code";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FileDrop } from "@/components/ui/file-drop";
import { servingKeys } from "@/components/serving/serving-keys";
import { ApiError, toApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TFeedbackProblem, TFeedbackResult } from "@/lib/serving/record-feedback";

// Matches lib/serving/upload-feedback-csv.ts FEEDBACK_CSV_MAX_BYTES (the server enforces it).
const MAX_BYTES = 16 * 1024 * 1024;
const LISTED = 50;

type TUploadResult = TFeedbackResult & { file: { name: string; size: number } };

async function upload(file: File): Promise<TUploadResult> {
  const body = new FormData();
  body.append("file", file, file.name);
  let res: Response;
  try {
    res = await fetch(routes.api.feedback(), { method: "POST", body, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network", "Could not reach the server. Check your connection and try again.");
  }
  const json = await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(toApiError(res.status, json), { where: locate((json as { error?: { details?: unknown } } | null)?.error?.details) });
  return json as TUploadResult;
}

// "Upload ground truth": a CSV of prediction ids and actual outcomes, for approvers and data
// scientists. The summary says what happened to every row; the prediction lists refresh.
export function FeedbackUpload() {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const send = useMutation({
    mutationFn: upload,
    onSuccess: () => {
      // The summary stays; a second upload needs a file chosen again.
      setFile(null);
      return queryClient.invalidateQueries({ queryKey: servingKeys.all });
    },
  });
  const onOpenChange = (next: boolean) => {
    if (next) {
      setFile(null);
      send.reset();
    }
    setOpen(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) send.mutate(file);
  };
  const failure = send.error instanceof ApiError ? (send.error as ApiError & { where?: string | null }) : null;
  const where = failure?.where;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm"><FileCheck2 aria-hidden /> Upload ground truth</Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Upload ground truth</DialogTitle>
          <DialogDescription>
            A CSV with the columns <Code>prediction_id</Code> and <Code>actual</Code>: the id serve returned with each prediction and what really happened
            (a class label, or a number for a regressor). Sending a row again is harmless; a different value replaces the old one.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" aria-label="Upload ground truth" noValidate>
          <FileDrop accept=".csv,text/csv" maxSize={MAX_BYTES} description="CSV, up to 100,000 rows" file={file} onFile={(f) => { setFile(f); send.reset(); }} onClear={() => setFile(null)} disabled={send.isPending} />
          {failure ? (
            <Alert variant="danger" title="Upload refused" description={<>{failure.message}{where ? <span className="mt-1 block font-mono text-xs">{where}</span> : null}</>} />
          ) : null}
          {send.data ? <FeedbackSummary result={send.data} /> : null}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>{send.data ? "Close" : "Cancel"}</Button>
            <Button type="submit" disabled={!file} loading={send.isPending}>Upload</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function FeedbackSummary({ result }: { result: TUploadResult }) {
  const counts = [
    { label: "New", value: result.created },
    { label: "Updated", value: result.updated },
    { label: "Unchanged", value: result.unchanged },
    { label: "Unknown ids", value: result.unknown.length },
    { label: "Invalid", value: result.invalid.length },
  ];
  const problems: (TFeedbackProblem & { kind: string })[] = [
    ...result.invalid.map((p) => ({ ...p, kind: "invalid" })),
    ...result.unknown.map((p) => ({ ...p, reason: "no prediction with this id (or not in your teams)", kind: "unknown" })),
  ].sort((a, b) => (a.row ?? a.item ?? 0) - (b.row ?? b.item ?? 0));
  const clean = problems.length === 0;
  return (
    <div className="space-y-3" role="status" aria-label="Upload result">
      <Alert
        variant={clean ? "success" : "warning"}
        title={`${result.received.toLocaleString("en")} ${result.received === 1 ? "row" : "rows"} in ${result.file.name}: ${clean ? "all recorded" : `${problems.length.toLocaleString("en")} not recorded`}`}
      />
      <dl className="grid grid-cols-3 gap-2 sm:grid-cols-5">
        {counts.map((c) => (
          <div key={c.label} className="rounded-lg border border-border px-3 py-2">
            <dt className="text-xs text-muted-foreground">{c.label}</dt>
            <dd className="text-lg font-semibold tabular-nums">{c.value.toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>
      {result.changes.length ? (
        <p className="text-sm text-muted-foreground">
          Updated: {result.changes.slice(0, 5).map((c) => `${c.predictionId} (${c.from ?? "?"} → ${c.to})`).join(", ")}{result.changes.length > 5 ? `, and ${result.changes.length - 5} more` : ""}
        </p>
      ) : null}
      {problems.length ? (
        <ul aria-label="Rows not recorded" className="max-h-48 space-y-1 overflow-auto rounded-lg border border-border p-3 text-sm">
          {problems.slice(0, LISTED).map((p, i) => (
            <li key={`${p.row ?? p.item}-${p.kind}-${i}`}>
              <span className="font-medium">{p.row !== undefined ? `Row ${p.row}` : `Item ${p.item}`}</span>
              {p.line !== undefined ? <span className="text-muted-foreground"> (line {p.line})</span> : null}
              {p.column ? <span className="text-muted-foreground">, {p.column}</span> : null}: {p.reason}
              {p.predictionId ? <> — <Code>{p.predictionId}</Code></> : null}
            </li>
          ))}
          {problems.length > LISTED ? <li className="text-muted-foreground">and {problems.length - LISTED} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

// A 422 names the row and line in its details.
function locate(d: unknown): string | null {
  if (!d || typeof d !== "object" || Array.isArray(d)) return null;
  const { row, line } = d as { row?: number; line?: number };
  const parts = [row === 0 ? "header" : typeof row === "number" ? `row ${row}` : null, typeof line === "number" ? `line ${line}` : null].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}
