"use client";

import * as React from "react";
import { CircleAlert, CircleCheck, Info, TriangleAlert, X, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils/cn";

/*
 * A minimal toast system without a package: a module-level store, `toast()` to push, and one
 * <Toaster/> (mounted in <Providers>) that renders two live regions: polite for normal messages,
 * assertive for errors. The regions exist before any toast arrives, which screen readers need in
 * order to announce content added to them.
 */

export type ToastVariant = "default" | "success" | "info" | "warning" | "danger";

export interface ToastOptions {
  title: React.ReactNode;
  description?: React.ReactNode;
  variant?: ToastVariant;
  /** Milliseconds before it disappears; `Infinity` keeps it until dismissed. Default 5s (errors 8s). */
  duration?: number;
  action?: { label: string; onClick: () => void };
  /** Reuse an id to replace an existing toast (e.g. "upload-3" going from progress to done). */
  id?: string;
}

interface ToastRecord extends Required<Pick<ToastOptions, "title" | "variant" | "duration">> {
  id: string;
  description?: React.ReactNode;
  action?: ToastOptions["action"];
}

const MAX_VISIBLE = 4;
let toasts: ToastRecord[] = [];
const listeners = new Set<() => void>();
let counter = 0;

function emit() {
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const EMPTY: ToastRecord[] = [];

function push(options: ToastOptions): string {
  const id = options.id ?? `t${++counter}`;
  const variant = options.variant ?? "default";
  const record: ToastRecord = {
    id,
    title: options.title,
    description: options.description,
    variant,
    duration: options.duration ?? (variant === "danger" ? 8000 : 5000),
    action: options.action,
  };
  const rest = toasts.filter((t) => t.id !== id);
  toasts = [...rest, record].slice(-MAX_VISIBLE);
  emit();
  return id;
}

function dismiss(id?: string) {
  toasts = id === undefined ? [] : toasts.filter((t) => t.id !== id);
  emit();
}

type Shorthand = (title: React.ReactNode, options?: Omit<ToastOptions, "title" | "variant">) => string;

export const toast: ((options: ToastOptions | string) => string) & {
  success: Shorthand;
  info: Shorthand;
  warning: Shorthand;
  error: Shorthand;
  dismiss: (id?: string) => void;
} = Object.assign((options: ToastOptions | string) => push(typeof options === "string" ? { title: options } : options), {
  success: ((title, options) => push({ ...options, title, variant: "success" })) as Shorthand,
  info: ((title, options) => push({ ...options, title, variant: "info" })) as Shorthand,
  warning: ((title, options) => push({ ...options, title, variant: "warning" })) as Shorthand,
  error: ((title, options) => push({ ...options, title, variant: "danger" })) as Shorthand,
  dismiss,
});

const icons: Record<ToastVariant, LucideIcon | null> = {
  default: null,
  success: CircleCheck,
  info: Info,
  warning: TriangleAlert,
  danger: CircleAlert,
};

const iconColors: Record<ToastVariant, string> = {
  default: "",
  success: "text-success-text",
  info: "text-info-text",
  warning: "text-warning-text",
  danger: "text-danger-text",
};

function ToastItem({ t }: { t: ToastRecord }) {
  const [paused, setPaused] = React.useState(false);

  React.useEffect(() => {
    if (paused || !Number.isFinite(t.duration)) return;
    const timer = setTimeout(() => dismiss(t.id), t.duration);
    return () => clearTimeout(timer);
  }, [paused, t.id, t.duration]);

  const Icon = icons[t.variant];
  return (
    <li
      className={cn(
        "pointer-events-auto flex w-full items-start gap-3 rounded-lg border border-border bg-popover p-4 text-sm text-popover-foreground shadow-lg motion-safe:animate-toast-in",
        t.variant === "danger" && "border-danger-border",
      )}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      {Icon ? <Icon className={cn("mt-0.5 size-4 shrink-0", iconColors[t.variant])} aria-hidden="true" /> : null}
      <div className="min-w-0 flex-1 space-y-1">
        <p className="font-semibold leading-5">{t.title}</p>
        {t.description ? <div className="leading-5 text-muted-foreground">{t.description}</div> : null}
        {t.action ? (
          <button
            type="button"
            className="mt-1 rounded-sm text-sm font-medium text-primary-text underline-offset-4 hover:underline"
            onClick={() => {
              t.action?.onClick();
              dismiss(t.id);
            }}
          >
            {t.action.label}
          </button>
        ) : null}
      </div>
      <button
        type="button"
        onClick={() => dismiss(t.id)}
        className="-mt-1 -mr-1 inline-flex size-7 shrink-0 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-accent hover:text-foreground"
      >
        <X className="size-4" aria-hidden="true" />
        <span className="sr-only">Dismiss notification</span>
      </button>
    </li>
  );
}

export function Toaster() {
  const items = React.useSyncExternalStore(subscribe, () => toasts, () => EMPTY);
  const urgent = items.filter((t) => t.variant === "danger");
  const polite = items.filter((t) => t.variant !== "danger");
  const list = "flex flex-col gap-2";

  return (
    <section
      aria-label="Notifications"
      className="pointer-events-none fixed inset-x-0 bottom-0 z-[60] flex flex-col gap-2 p-4 sm:inset-x-auto sm:right-0 sm:w-[24rem]"
    >
      <div role="status" aria-live="polite" aria-relevant="additions">
        <ol className={list}>
          {polite.map((t) => (
            <ToastItem key={t.id} t={t} />
          ))}
        </ol>
      </div>
      <div role="alert" aria-live="assertive" aria-relevant="additions">
        <ol className={list}>
          {urgent.map((t) => (
            <ToastItem key={t.id} t={t} />
          ))}
        </ol>
      </div>
    </section>
  );
}
