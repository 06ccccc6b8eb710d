"use client";

import * as React from "react";
import { CircleCheck, CircleX, FileBox, X } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { Progress } from "./progress";
import { formatBytes } from "@/lib/utils/format";

export type UploadStatus = "uploading" | "processing" | "done" | "error" | "cancelled";

export interface UploadProgressProps {
  fileName?: string;
  /** Bytes sent so far (XMLHttpRequest upload `progress` event `loaded`). */
  loaded: number;
  /** Total bytes (`event.total`, or `file.size` when the length is not computable). */
  total: number;
  /** Current speed in bytes per second (e.g. smoothed over the last 2 s by the caller). */
  bytesPerSecond?: number;
  /** `Date.now()` when the upload started; used for the average speed when bytesPerSecond is absent. */
  startedAt?: number;
  status?: UploadStatus;
  /** Shown when status is "error". */
  error?: React.ReactNode;
  /** Shows a Cancel button while uploading (wire it to `xhr.abort()`). */
  onCancel?: () => void;
  className?: string;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m < 60 ? `${m} min ${s.toString().padStart(2, "0")} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The current time, refreshed once a second while `active`; the speed text changes at a readable pace. */
function useSecondTicker(active: boolean): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

const statusText: Record<UploadStatus, string> = {
  uploading: "Uploading",
  processing: "Upload complete, processing…",
  done: "Uploaded",
  error: "Upload failed",
  cancelled: "Upload cancelled",
};

export function UploadProgress({
  fileName,
  loaded,
  total,
  bytesPerSecond: givenSpeed,
  startedAt,
  status = "uploading",
  error,
  onCancel,
  className,
}: UploadProgressProps) {
  const safeTotal = total > 0 ? total : 0;
  const sent = Math.min(Math.max(loaded, 0), safeTotal || loaded);
  const percent = safeTotal > 0 ? Math.floor((sent / safeTotal) * 100) : 0;
  const uploading = status === "uploading";
  const now = useSecondTicker(uploading && givenSpeed === undefined && startedAt !== undefined);
  const elapsed = startedAt !== undefined ? (now - startedAt) / 1000 : 0;
  // Below half a second the average is noise (one progress event), so no speed is shown yet.
  const bytesPerSecond = givenSpeed ?? (elapsed >= 0.5 ? sent / elapsed : undefined);
  const remaining = bytesPerSecond && bytesPerSecond > 0 ? (safeTotal - sent) / bytesPerSecond : NaN;

  const tone = status === "error" ? "danger" : status === "done" ? "success" : "primary";
  const progressValue = status === "processing" ? null : status === "done" ? safeTotal || 1 : sent;

  return (
    <div className={cn("rounded-lg border border-border bg-card p-4 shadow-xs", className)}>
      <div className="flex items-start gap-3">
        <span
          aria-hidden="true"
          className="flex size-8 shrink-0 items-center justify-center rounded-md bg-primary-subtle text-primary-text"
        >
          <FileBox className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              {fileName ? (
                <p className="truncate text-sm font-medium text-foreground" title={fileName}>
                  {fileName}
                </p>
              ) : null}
              <p className="flex items-center gap-1.5 text-xs text-muted-foreground" aria-live="polite">
                {status === "done" ? <CircleCheck className="size-3.5 text-success-text" aria-hidden="true" /> : null}
                {status === "error" ? <CircleX className="size-3.5 text-danger-text" aria-hidden="true" /> : null}
                <span>{statusText[status]}</span>
              </p>
            </div>
            {uploading && onCancel ? (
              <button
                type="button"
                onClick={onCancel}
                className="-mt-1 -mr-1 inline-flex h-7 shrink-0 items-center gap-1 rounded-md px-2 text-xs font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-foreground"
              >
                <X className="size-3.5" aria-hidden="true" />
                Cancel<span className="sr-only"> upload{fileName ? ` of ${fileName}` : ""}</span>
              </button>
            ) : null}
          </div>

          <Progress
            className="mt-3"
            size="sm"
            tone={tone}
            value={progressValue}
            max={safeTotal || 1}
            aria-label={fileName ? `Upload of ${fileName}` : "Upload progress"}
            valueText={`${percent}%, ${formatBytes(sent)} of ${formatBytes(safeTotal)}`}
          />

          <div className="mt-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-1 text-xs tabular-nums text-muted-foreground">
            <span>
              {formatBytes(sent)} of {formatBytes(safeTotal)}
              <span className="mx-1.5 text-border" aria-hidden="true">
                |
              </span>
              <span className="font-medium text-foreground">{percent}%</span>
            </span>
            {uploading && bytesPerSecond !== undefined ? (
              <span>
                {formatBytes(bytesPerSecond)}/s
                {Number.isFinite(remaining) ? ` · ${formatDuration(remaining)} left` : ""}
              </span>
            ) : null}
          </div>

          {status === "error" && error ? (
            <p role="alert" className="mt-2 text-[0.8125rem] font-medium text-danger-text">
              {error}
            </p>
          ) : null}
        </div>
      </div>
    </div>
  );
}
