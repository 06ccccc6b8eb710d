"use client";

import * as React from "react";
import { CircleAlert, FileBox, Upload, X } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { formatBytes } from "@/lib/utils/format";

export interface FileDropProps {
  /** Same syntax as <input accept>: extensions and/or MIME types, e.g. ".onnx" or ".csv,text/csv". */
  accept?: string;
  /** Called with a file that passed the accept and size checks. */
  onFile: (file: File) => void;
  /** Called when the user removes the selected file. */
  onClear?: () => void;
  /** Controlled selected file (omit to let the component remember the last accepted file). */
  file?: File | null;
  /** Largest accepted size in bytes. */
  maxSize?: number;
  disabled?: boolean;
  /** Main line, default "Drop a file here or browse" (it names the file input). */
  label?: React.ReactNode;
  /** Second line, e.g. "ONNX model, up to 500 MB". */
  description?: React.ReactNode;
  /** Error from outside (e.g. the server refused the file); shown like a rejection. */
  error?: React.ReactNode;
  /** Name of the hidden input, for native form posts. */
  name?: string;
  id?: string;
  className?: string;
}

/** Returns an error message, or null when the file matches the accept list and size limit. */
export function checkFile(file: File, accept?: string, maxSize?: number): string | null {
  if (accept) {
    const rules = accept
      .split(",")
      .map((r) => r.trim().toLowerCase())
      .filter(Boolean);
    const name = file.name.toLowerCase();
    const type = (file.type || "").toLowerCase();
    const ok = rules.some((rule) => {
      if (rule.startsWith(".")) return name.endsWith(rule);
      if (rule.endsWith("/*")) return type.startsWith(rule.slice(0, -1));
      return type === rule;
    });
    if (!ok) {
      const readable = rules.join(", ");
      return `“${file.name}” is not an accepted file type. Choose a ${readable} file.`;
    }
  }
  if (maxSize !== undefined && file.size > maxSize) {
    return `“${file.name}” is ${formatBytes(file.size)}; the limit is ${formatBytes(maxSize)}.`;
  }
  return null;
}

export function FileDrop({
  accept,
  onFile,
  onClear,
  file: controlledFile,
  maxSize,
  disabled = false,
  label = (
    <>
      Drop a file here or <span className="text-primary-text underline underline-offset-4">browse</span>
    </>
  ),
  description,
  error,
  name,
  id,
  className,
}: FileDropProps) {
  const inputRef = React.useRef<HTMLInputElement>(null);
  const generated = React.useId();
  const baseId = id ?? `file-drop-${generated}`;
  const descriptionId = `${baseId}-description`;
  const errorId = `${baseId}-error`;
  const [ownFile, setOwnFile] = React.useState<File | null>(null);
  const [rejection, setRejection] = React.useState<string | null>(null);
  const [dragging, setDragging] = React.useState(false);
  const dragDepth = React.useRef(0);

  const file = controlledFile !== undefined ? controlledFile : ownFile;
  const message = rejection ?? error ?? null;

  function take(candidate: File | undefined | null) {
    if (!candidate || disabled) return;
    const problem = checkFile(candidate, accept, maxSize);
    if (problem) {
      setRejection(problem);
      return;
    }
    setRejection(null);
    setOwnFile(candidate);
    onFile(candidate);
  }

  function clear() {
    setOwnFile(null);
    setRejection(null);
    if (inputRef.current) inputRef.current.value = "";
    onClear?.();
    inputRef.current?.focus();
  }

  const onDragEnter = (e: React.DragEvent) => {
    e.preventDefault();
    if (disabled) return;
    dragDepth.current += 1;
    setDragging(true);
  };
  const onDragLeave = (e: React.DragEvent) => {
    e.preventDefault();
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDragOver = (e: React.DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = disabled ? "none" : "copy";
  };
  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    if (e.dataTransfer.files.length > 1) {
      setRejection("Drop one file at a time.");
      return;
    }
    take(e.dataTransfer.files[0]);
  };

  const describedBy = [description ? descriptionId : null, message ? errorId : null].filter(Boolean).join(" ");

  return (
    <div className={cn("grid gap-2", className)}>
      <div
        onDragEnter={onDragEnter}
        onDragLeave={onDragLeave}
        onDragOver={onDragOver}
        onDrop={onDrop}
        data-dropzone=""
        data-dragging={dragging || undefined}
        className={cn(
          "relative rounded-xl border-2 border-dashed border-input/60 bg-card transition-colors",
          dragging && "border-primary bg-primary-subtle",
          message && !dragging && "border-danger/60",
          disabled && "opacity-60",
        )}
      >
        {/* The real control: a native file input, visually replaced by the label styled as a zone.
            It stays in the tab order, so Enter/Space opens the picker and screen readers name it. */}
        <input
          ref={inputRef}
          id={baseId}
          name={name}
          type="file"
          accept={accept}
          disabled={disabled}
          aria-describedby={describedBy || undefined}
          aria-invalid={message ? true : undefined}
          className="peer sr-only"
          onChange={(e) => take(e.target.files?.[0])}
        />
        <label
          htmlFor={baseId}
          className={cn(
            "flex flex-col items-center justify-center gap-2 rounded-[10px] px-6 py-8 text-center peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-ring",
            disabled ? "cursor-not-allowed" : "cursor-pointer hover:bg-muted/50",
          )}
        >
          <span
            aria-hidden="true"
            className={cn(
              "flex size-10 items-center justify-center rounded-full border border-border bg-muted text-muted-foreground",
              dragging && "border-primary/30 bg-card text-primary-text",
            )}
          >
            <Upload className="size-5" />
          </span>
          <span className="text-sm font-medium text-foreground">
            {dragging ? "Release to select this file" : label}
          </span>
          {description ? (
            <span id={descriptionId} className="text-[0.8125rem] text-muted-foreground">
              {description}
            </span>
          ) : null}
        </label>
      </div>

      <div aria-live="polite" className="empty:hidden">
        {file ? (
          <div className="flex items-center gap-3 rounded-lg border border-border bg-card px-3 py-2.5 shadow-xs">
            <span
              aria-hidden="true"
              className="flex size-8 shrink-0 items-center justify-center rounded-md bg-primary-subtle text-primary-text"
            >
              <FileBox className="size-4" />
            </span>
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-foreground" title={file.name}>
                {file.name}
              </p>
              <p className="text-xs tabular-nums text-muted-foreground">{formatBytes(file.size)}</p>
            </div>
            <button
              type="button"
              onClick={clear}
              disabled={disabled}
              className="inline-flex size-8 shrink-0 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-accent hover:text-foreground disabled:opacity-50"
            >
              <X className="size-4" aria-hidden="true" />
              <span className="sr-only">Remove {file.name}</span>
            </button>
          </div>
        ) : null}
      </div>

      {message ? (
        <p id={errorId} role="alert" className="flex items-start gap-1.5 text-[0.8125rem] font-medium text-danger-text">
          <CircleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden="true" />
          <span>{message}</span>
        </p>
      ) : null}
    </div>
  );
}
