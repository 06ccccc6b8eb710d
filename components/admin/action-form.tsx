"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import type { TActionState } from "@/app/(app)/admin/actions";

type TAction = (prev: TActionState, form: FormData) => Promise<TActionState>;

// A form bound to a server action, showing its outcome. Children may be a function of the state so
// fields can show their own errors.
export function ActionForm({
  action, children, className, label, inline = false,
}: {
  action: TAction;
  children: React.ReactNode | ((state: TActionState, pending: boolean) => React.ReactNode);
  className?: string;
  label: string;
  inline?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: true, message: null });
  return (
    <form action={formAction} className={className} aria-label={label}>
      {typeof children === "function" ? children(state, pending) : children}
      {state.message && !inline ? <Alert className="mt-3" variant={state.ok ? "success" : "danger"} title={state.message} /> : null}
      {state.message && inline && !state.ok ? <span role="alert" className="text-xs text-danger">{state.message}</span> : null}
    </form>
  );
}
