import * as React from "react";
import { cn } from "@/lib/utils/cn";

export interface CheckboxProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "type"> {
  /** When given, the checkbox is wrapped in a `<label>` with this text (and `description` below it). */
  label?: React.ReactNode;
  description?: React.ReactNode;
}

/** A native checkbox: keyboard, forms and screen readers work without extra code. */
export const Checkbox = React.forwardRef<HTMLInputElement, CheckboxProps>(function Checkbox(
  { className, label, description, disabled, ...props },
  ref,
) {
  const input = (
    <input
      ref={ref}
      type="checkbox"
      disabled={disabled}
      className={cn(
        "size-4 shrink-0 rounded-sm border-input accent-primary disabled:cursor-not-allowed disabled:opacity-60",
        label ? "mt-0.5" : null,
        className,
      )}
      {...props}
    />
  );
  if (!label) return input;
  return (
    <label
      className={cn(
        "inline-flex items-start gap-2.5 text-sm",
        disabled ? "cursor-not-allowed opacity-70" : "cursor-pointer",
      )}
    >
      {input}
      <span className="grid gap-0.5">
        <span className="font-medium leading-5 text-foreground">{label}</span>
        {description ? <span className="text-muted-foreground">{description}</span> : null}
      </span>
    </label>
  );
});
