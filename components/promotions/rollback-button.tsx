"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { Undo2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";

type TVersionRef = { number: number };
type TRollbackResult = { rollback: { production: TVersionRef; archived: TVersionRef } };

// Same rule as the server (lib/promotions/rollback.ts ZRollback), checked first so the dialog can say so at once.
const MIN_REASON = 3;

/**
 * Puts the version the current production version replaced back into production, with a reason.
 * Renders nothing unless the viewer may roll back and there is something to roll back to
 * (lib/promotions/rollback.ts rollbackTarget).
 */
export function RollbackButton({ modelId, modelName, production, target, canRollback }: {
  modelId: string;
  modelName: string;
  production: TVersionRef | null;
  target: TVersionRef | null;
  canRollback: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const run = useMutation({
    mutationFn: () => apiFetch<TRollbackResult>(routes.api.modelRollback(modelId), { body: { reason: reason.trim() } }),
    onSuccess: ({ rollback }) => {
      setOpen(false);
      toast.success(`${modelName} rolled back to v${rollback.production.number}`, { description: `v${rollback.archived.number} is archived; approvers are notified.` });
      router.refresh();
    },
  });
  if (!canRollback || !production || !target) return null;

  const onOpenChange = (next: boolean) => {
    if (next) {
      setReason("");
      setTooShort(false);
      run.reset();
    }
    setOpen(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const short = reason.trim().length < MIN_REASON;
    setTooShort(short);
    if (!short) run.mutate();
  };
  const apiError = run.error instanceof ApiError ? run.error : null;
  const reasonError = tooShort ? `Say why production is rolled back (at least ${MIN_REASON} characters)` : apiError?.fieldErrors().reason;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm"><Undo2 aria-hidden /> Roll back to v{target.number}</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Roll back {modelName} to v{target.number}?</DialogTitle>
          <DialogDescription>
            v{production.number} leaves production and is archived; v{target.number} serves production again at once. Approvers are notified, and the reason goes on the record.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Rollback">
          <Field label="Reason" required error={reasonError} hint={`What went wrong with v${production.number}`}>
            <Textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} rows={3} required />
          </Field>
          {run.error && !apiError?.fieldErrors().reason ? (
            <Alert variant="danger">{apiError ? apiError.message : "Could not roll back. Try again."}</Alert>
          ) : null}
          <DialogFooter>
            <DialogClose asChild><Button variant="outline">Cancel</Button></DialogClose>
            <Button type="submit" variant="destructive" loading={run.isPending}><Undo2 aria-hidden /> Roll back to v{target.number}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
