import { CircleCheck, CircleDashed, CircleX, Loader2, MinusCircle } from "lucide-react";
import type { TVersionDetail } from "@/lib/versions/get-version";

type TCheck = NonNullable<TVersionDetail["intake"]>["checks"][number];

const ICONS = {
  PASSED: { Icon: CircleCheck, cls: "text-success", label: "passed" },
  FAILED: { Icon: CircleX, cls: "text-danger", label: "failed" },
  RUNNING: { Icon: Loader2, cls: "animate-spin text-primary", label: "running" },
  PENDING: { Icon: CircleDashed, cls: "text-muted-foreground", label: "pending" },
  SKIPPED: { Icon: MinusCircle, cls: "text-muted-foreground", label: "skipped" },
} as const;

export function IntakeChecklist({ checks }: { checks: TCheck[] }) {
  return (
    <ol className="divide-y divide-border rounded-md border border-border" aria-label="Intake checks" aria-live="polite">
      {checks.map((c) => {
        const { Icon, cls, label } = ICONS[c.status];
        return (
          <li key={c.key} className="flex gap-3 px-3 py-2.5" data-check={c.key} data-status={c.status}>
            <Icon className={`mt-0.5 size-4 shrink-0 ${cls}`} aria-hidden />
            <div className="min-w-0">
              <p className="text-sm font-medium">
                {c.label} <span className="sr-only">— {label}</span>
              </p>
              {c.message ? <p className={`mt-0.5 text-sm break-words ${c.status === "FAILED" ? "text-danger" : "text-muted-foreground"}`}>{c.message}</p> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
