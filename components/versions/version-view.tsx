"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { IntakeChecklist } from "@/components/versions/intake-checklist";
import { SignatureTables } from "@/components/versions/signature-tables";
import { VersionFacts } from "@/components/versions/version-facts";
import { versionKeys } from "@/components/versions/version-keys";
import { apiFetch } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TVersionDetail } from "@/lib/versions/get-version";

// The page renders with the server's data, then polls while intake runs so checks tick live.
export function VersionView({ initial }: { initial: TVersionDetail }) {
  const { data } = useQuery({
    queryKey: versionKeys.detail(initial.id),
    queryFn: () => apiFetch<{ version: TVersionDetail }>(routes.api.version(initial.id)).then((r) => r.version),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data) ? false : 1000),
  });
  const v = data ?? initial;
  return (
    <div className="grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
      <div className="space-y-6 lg:col-span-2">
        <Card>
          <CardHeader className="flex flex-row items-start justify-between gap-4">
            <div>
              <CardTitle>Intake checks</CardTitle>
              <CardDescription>Run by a worker in a sandbox when the version is uploaded.</CardDescription>
            </div>
            <StatusBadge status={v.intakeStatus} />
          </CardHeader>
          <CardContent className="space-y-4">
            {v.intakeStatus === "FAILED" && v.intakeError ? <Alert variant="danger" title="Intake failed" description={v.intakeError} /> : null}
            {v.intake ? <IntakeChecklist checks={v.intake.checks} /> : <p className="text-sm text-muted-foreground">No intake run recorded.</p>}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Signature</CardTitle>
            <CardDescription>Read from the ONNX graph.</CardDescription>
          </CardHeader>
          <CardContent>
            {v.signature ? <SignatureTables signature={v.signature} featureSchema={v.featureSchema} /> : (
              <p className="text-sm text-muted-foreground">{isFinished(v) ? "The signature could not be read from this file." : "Appears when the intake worker has read the model."}</p>
            )}
          </CardContent>
        </Card>
      </div>
      <div className="space-y-6">
        <VersionFacts version={v} />
      </div>
    </div>
  );
}

function isFinished(v: TVersionDetail): boolean {
  return v.intakeStatus === "PASSED" || v.intakeStatus === "FAILED";
}
