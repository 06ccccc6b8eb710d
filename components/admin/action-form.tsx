"use client";

import { useActionState, useEffect, useRef, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import type { TActionState } from "@/app/(app)/admin/actions";

export type TAction = (prev: TActionState, form: FormData) => Promise<TActionState>;

// A form bound to a server action that shows its outcome. It submits through onSubmit rather than
// `action=` because React resets a form after an action: a validation error would wipe what the
// person typed. The fields are cleared only after a success.
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
  const [, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok && state.message && !inline) formRef.current?.reset();
  }, [state, inline]);
  return (
    <form
      ref={formRef}
      className={className}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      {typeof children === "function" ? children(state) : children}
      {state.message && !inline ? <Alert className="mt-3" variant={state.ok ? "success" : "danger"} title={state.message} /> : null}
      {state.message && inline && !state.ok ? <span role="alert" className="text-xs text-danger">{state.message}</span> : null}
    </form>
  );
}
