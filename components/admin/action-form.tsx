"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import type { TActionState } from "@/app/(app)/admin/actions";

export type TAction = (prev: TActionState, form: FormData) => Promise<TActionState>;

// A form bound to a server action that shows its outcome. Render-prop children let client forms
// show per-field errors; server components pass plain children.
export function ActionForm({
  action, children, className, label, inline = false,
}: {
  action: TAction;
  children: React.ReactNode | ((state: TActionState) => React.ReactNode);
  className?: string;
  label: string;
  inline?: boolean;
}) {
  const [state, formAction] = useActionState(action, { ok: true, message: null });
  return (
    <form action={formAction} className={className} aria-label={label}>
      {typeof children === "function" ? children(state) : children}
      {state.message && !inline ? <Alert className="mt-3" variant={state.ok ? "success" : "danger"} title={state.message} /> : null}
      {state.message && inline && !state.ok ? <span role="alert" className="text-xs text-danger">{state.message}</span> : null}
    </form>
  );
}
