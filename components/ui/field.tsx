import * as React from "react";
import { CircleAlert } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { Label } from "./label";

/** Props Field hands to its control so the label, hint and error are announced with it. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "aria-required"?: true;
}

export interface FieldProps {
  label: React.ReactNode;
  /** Help text under the control. */
  hint?: React.ReactNode;
  /** Error message; marks the control aria-invalid and is announced with it. */
  error?: React.ReactNode;
  required?: boolean;
  /** Id for the control; generated when omitted. */
  id?: string;
  className?: string;
  /**
   * Either one element (Input, Textarea, SelectTrigger, native select…) which receives id,
   * aria-describedby, aria-invalid and aria-required, or a function receiving those props for
   * composite controls (e.g. pass them to the SelectTrigger inside a Select).
   */
  children: React.ReactElement<Record<string, unknown>> | ((control: FieldControlProps) => React.ReactNode);
}

export function Field({ label, hint, error, required, id, className, children }: FieldProps) {
  const generated = React.useId();
  const controlId = id ?? `field-${generated}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;

  const control: FieldControlProps = {
    id: controlId,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
    "aria-required": required ? true : undefined,
  };

  let rendered: React.ReactNode;
  if (typeof children === "function") {
    rendered = children(control);
  } else {
    const own = children.props;
    const ownDescribedBy = typeof own["aria-describedby"] === "string" ? own["aria-describedby"] : undefined;
    rendered = React.cloneElement(children, {
      ...control,
      id: (own.id as string | undefined) ?? controlId,
      "aria-invalid": control["aria-invalid"] ?? own["aria-invalid"],
      "aria-required": control["aria-required"] ?? own["aria-required"],
      "aria-describedby": [ownDescribedBy, describedBy].filter(Boolean).join(" ") || undefined,
    });
  }

  const labelFor =
    typeof children !== "function" && typeof children.props.id === "string" ? children.props.id : controlId;

  return (
    <div className={cn("grid content-start gap-1.5", className)}>
      <Label htmlFor={labelFor} required={required}>
        {label}
      </Label>
      {rendered}
      {hint ? (
        <p id={hintId} className="text-[0.8125rem] text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="flex items-start gap-1.5 text-[0.8125rem] font-medium text-danger-text">
          <CircleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden="true" />
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
