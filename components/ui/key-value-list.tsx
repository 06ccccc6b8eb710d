import * as React from "react";
import { cn } from "@/lib/utils/cn";

export interface KeyValueItem {
  label: React.ReactNode;
  value: React.ReactNode;
  /** Stable key when labels are not strings. */
  key?: string;
}

export interface KeyValueListProps extends React.HTMLAttributes<HTMLDListElement> {
  items: KeyValueItem[];
  /** "rows": label left, value right (stacks on a phone). "grid": label above value, in columns. */
  layout?: "rows" | "grid";
  /** Shown for null/undefined/"" values. */
  emptyValue?: React.ReactNode;
}

/** Facts about a thing (a version's sha256, size, producer…) as a description list. */
export function KeyValueList({ items, layout = "rows", emptyValue = "—", className, ...props }: KeyValueListProps) {
  const show = (v: React.ReactNode) =>
    v === null || v === undefined || v === "" ? <span className="text-muted-foreground">{emptyValue}</span> : v;

  if (layout === "grid") {
    return (
      <dl className={cn("grid grid-cols-1 gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3", className)} {...props}>
        {items.map((item, i) => (
          <div key={item.key ?? (typeof item.label === "string" ? item.label : i)} className="min-w-0">
            <dt className="text-xs font-medium text-muted-foreground">{item.label}</dt>
            <dd className="mt-1 break-words text-sm text-foreground">{show(item.value)}</dd>
          </div>
        ))}
      </dl>
    );
  }

  return (
    <dl className={cn("divide-y divide-border text-sm", className)} {...props}>
      {items.map((item, i) => (
        <div
          key={item.key ?? (typeof item.label === "string" ? item.label : i)}
          className="grid gap-1 py-2.5 first:pt-0 last:pb-0 sm:grid-cols-[minmax(8rem,1fr)_2fr] sm:gap-4"
        >
          <dt className="text-muted-foreground">{item.label}</dt>
          <dd className="min-w-0 break-words text-foreground">{show(item.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
