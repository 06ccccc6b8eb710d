"use client";

import Link from "next/link";
import { useState } from "react";
import { GitCompare } from "lucide-react";
import { Button } from "@/components/ui/button";
import { StageBadge, StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { routes } from "@/lib/routes";
import { formatBytes, shortSha } from "@/lib/utils/format";
import { COMPARE_MAX, COMPARE_MIN } from "@/lib/versions/compare-limits";

type TVersionRow = {
  id: string; number: number; stage: string; intakeStatus: string; artifactSha256: string; artifactSize: number;
  createdAt: string | Date; uploadedBy: { name: string };
};

// The model page's versions, with a checkbox per row to pick 2–4 of them for the compare view.
export function VersionsTable({ modelId, versions }: { modelId: string; versions: TVersionRow[] }) {
  const [picked, setPicked] = useState<number[]>(() => versions.slice(0, 2).map((v) => v.number));
  const toggle = (n: number) => setPicked((p) => (p.includes(n) ? p.filter((x) => x !== n) : p.length >= COMPARE_MAX ? p : [...p, n]));
  const canCompare = picked.length >= COMPARE_MIN && picked.length <= COMPARE_MAX;
  return (
    <div className="space-y-3">
      <Table aria-label="Versions">
        <THead>
          <TR>
            {versions.length >= COMPARE_MIN ? <TH className="w-8"><span className="sr-only">Compare</span></TH> : null}
            <TH>Version</TH><TH>Stage</TH><TH>Intake</TH><TH className="hidden md:table-cell">Artifact</TH><TH className="hidden sm:table-cell">Uploaded</TH>
          </TR>
        </THead>
        <TBody>
          {versions.map((v) => (
            <TR key={v.id}>
              {versions.length >= COMPARE_MIN ? (
                <TD>
                  <input
                    type="checkbox"
                    className="size-4 accent-primary"
                    aria-label={`Compare v${v.number}`}
                    checked={picked.includes(v.number)}
                    disabled={!picked.includes(v.number) && picked.length >= COMPARE_MAX}
                    onChange={() => toggle(v.number)}
                  />
                </TD>
              ) : null}
              <TD><Link className="font-medium hover:underline" href={routes.version(v.id)}>v{v.number}</Link></TD>
              <TD><StageBadge stage={v.stage} /></TD>
              <TD><StatusBadge status={v.intakeStatus} /></TD>
              <TD className="hidden font-mono text-xs text-muted-foreground md:table-cell" title={v.artifactSha256}>{shortSha(v.artifactSha256)} · {formatBytes(v.artifactSize)}</TD>
              <TD className="hidden text-sm text-muted-foreground sm:table-cell">{v.uploadedBy.name}, <RelativeTime date={v.createdAt} /></TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {versions.length >= COMPARE_MIN ? (
        <div className="flex flex-wrap items-center gap-3">
          {canCompare ? (
            <Button asChild variant="outline" size="sm">
              <Link href={routes.compare(modelId, { versions: [...picked].sort((a, b) => a - b) })}><GitCompare aria-hidden className="size-4" /> Compare {picked.length} versions</Link>
            </Button>
          ) : (
            <Button variant="outline" size="sm" disabled><GitCompare aria-hidden className="size-4" /> Compare</Button>
          )}
          <span className="text-xs text-muted-foreground">Pick {COMPARE_MIN} to {COMPARE_MAX} versions to compare their metrics, ROC curves, signatures and metadata.</span>
        </div>
      ) : null}
    </div>
  );
}
