import { CircleCheck, CircleDashed, CircleX } from "lucide-react";
import { cn } from "@/lib/utils/cn";

export type TGateItemView = { key: string; label: string; status: "pass" | "fail" | "pending"; detail: string };

const ICON = { pass: CircleCheck, fail: CircleX, pending: CircleDashed } as const;
const TONE = { pass: "text-success-text", fail: "text-danger-text", pending: "text-muted-foreground" } as const;
const WORD = { pass: "passes", fail: "fails", pending: "pending" } as const;

// Pass / fail / pending per gate, with the numbers behind each verdict.
export function GateChecklist({ items, label = "Gates" }: { items: TGateItemView[]; label?: string }) {
  return (
    <ul className="divide-y divide-border rounded-lg border border-border" aria-label={label}>
      {items.map((item) => {
        const Icon = ICON[item.status];
        return (
          <li key={item.key} className="flex items-start gap-3 px-3 py-2" data-gate={item.key} data-status={item.status}>
            <Icon aria-hidden className={cn("mt-0.5 size-4 shrink-0", TONE[item.status])} />
            <div className="min-w-0">
              <p className="text-sm font-medium">{item.label} <span className="sr-only">{WORD[item.status]}</span></p>
              <p className="break-words text-sm text-muted-foreground">{item.detail}</p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
