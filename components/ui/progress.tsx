"use client";

import * as React from "react";
import * as ProgressPrimitive from "@radix-ui/react-progress";
import { cn } from "@/lib/utils/cn";

const tones = {
  primary: "bg-primary",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-danger",
} as const;

export interface ProgressProps
  extends Omit<React.ComponentPropsWithoutRef<typeof ProgressPrimitive.Root>, "value" | "max"> {
  /** Current value; `null`/`undefined` renders an indeterminate bar. */
  value?: number | null;
  max?: number;
  /** Visible label; also names the progressbar (aria-labelledby). */
  label?: React.ReactNode;
  /** Show the percentage next to the label (default true when there is a label and a value). */
  showValue?: boolean;
  /** Replaces the percentage text and the spoken aria-valuetext, e.g. "12 of 40 rows". */
  valueText?: string;
  tone?: keyof typeof tones;
  size?: "sm" | "md";
}

export const Progress = React.forwardRef<React.ComponentRef<typeof ProgressPrimitive.Root>, ProgressProps>(
  function Progress(
    { value, max = 100, label, showValue, valueText, tone = "primary", size = "md", className, ...props },
    ref,
  ) {
    const labelId = React.useId();
    const determinate = typeof value === "number" && Number.isFinite(value);
    const clamped = determinate ? Math.min(Math.max(value, 0), max) : 0;
    const percent = max > 0 ? Math.round((clamped / max) * 100) : 0;
    const text = valueText ?? (determinate ? `${percent}%` : undefined);
    const showText = (showValue ?? true) && text !== undefined && label !== undefined;

    return (
      <div className={cn("grid gap-1.5", className)}>
        {label !== undefined || showText ? (
          <div className="flex items-baseline justify-between gap-3 text-sm">
            <span id={labelId} className="font-medium text-foreground">
              {label}
            </span>
            {showText ? (
              <span className="tabular-nums text-muted-foreground" aria-hidden="true">
                {text}
              </span>
            ) : null}
          </div>
        ) : null}
        <ProgressPrimitive.Root
          ref={ref}
          value={determinate ? clamped : null}
          max={max}
          aria-labelledby={label !== undefined ? labelId : undefined}
          // Radix sets aria-valuenow; valuetext makes screen readers speak the same words we show.
          getValueLabel={(v, m) => valueText ?? `${Math.round((v / m) * 100)}%`}
          className={cn(
            "relative w-full overflow-hidden rounded-full bg-muted ring-1 ring-inset ring-border/60",
            size === "sm" ? "h-1.5" : "h-2",
          )}
          {...props}
        >
          <ProgressPrimitive.Indicator
            className={cn(
              "h-full rounded-full transition-[width] duration-300 ease-out",
              tones[tone],
              !determinate && "w-1/3 motion-safe:animate-indeterminate",
            )}
            style={determinate ? { width: `${percent}%` } : undefined}
          />
        </ProgressPrimitive.Root>
      </div>
    );
  },
);
