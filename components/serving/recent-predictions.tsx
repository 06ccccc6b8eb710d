"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatRelative } from "@/components/ui/relative-time";
import { servingKeys } from "@/components/serving/serving-keys";
import { formatMs, formatNumber, summariseInput } from "@/components/serving/serving-format";
import { apiFetch } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TPredictionItem, TPredictionPage } from "@/lib/serving/list-predictions";

const PAGE = 20;
const POLL_MS = 5_000;

// The version's latest logged predictions with their ground truth, newest first, polled every 5 s
// while the page is open; older pages load on demand.
export function RecentPredictions({ versionId }: { versionId: string }) {
  const query = useInfiniteQuery({
    queryKey: servingKeys.predictions(versionId),
    queryFn: ({ pageParam }) => apiFetch<TPredictionPage>(routes.api.versionPredictions(versionId, { limit: PAGE, before: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: POLL_MS,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  if (query.error && !query.data) return <Alert variant="danger" title="Could not load predictions" description={query.error.message} />;
  if (!query.data) return <Skeleton className="h-32 w-full" />;
  if (items.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-border px-4 py-6 text-center text-sm text-muted-foreground">
        No predictions logged for this version yet. They appear here within seconds of serve answering (as sampled by the model&apos;s logging rate).
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <Table aria-label="Recent predictions">
        <THead>
          <TR><TH>Prediction</TH><TH>Input</TH><TH>Output</TH><TH>Ground truth</TH></TR>
        </THead>
        <TBody>
          {items.map((p) => <PredictionRow key={p.id} p={p} />)}
        </TBody>
      </Table>
      {query.hasNextPage ? (
        <Button variant="outline" size="sm" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>Load older predictions</Button>
      ) : null}
    </div>
  );
}

function PredictionRow({ p }: { p: TPredictionItem }) {
  const created = new Date(p.createdAt);
  return (
    <TR data-prediction-id={p.id}>
      <TD className="max-w-44 py-2">
        <span className="block truncate font-mono text-xs" title={p.id}>{p.id}</span>
        <time className="text-xs text-muted-foreground" dateTime={created.toISOString()} title={created.toISOString().replace("T", " ").slice(0, 23) + " UTC"}>{formatRelative(created)}</time>
      </TD>
      <TD className="max-w-56 py-2 text-xs"><span className="block truncate" title={JSON.stringify(p.input, null, 1)}>{summariseInput(p.input)}</span></TD>
      <TD className="py-2 text-sm">
        <span className="flex flex-wrap items-center gap-1.5 whitespace-nowrap">
          <Output p={p} />
          {p.role === "CHALLENGER" ? <Badge variant="info">{p.served ? "challenger" : "shadow"}</Badge> : null}
        </span>
      </TD>
      <TD className="whitespace-nowrap py-2 text-sm"><Truth p={p} /></TD>
    </TR>
  );
}

function Output({ p }: { p: TPredictionItem }) {
  const o = p.output;
  return (
    <span title={`${JSON.stringify(o)} · ${formatMs(p.latencyMs)}`}>
      {o.label !== undefined ? <span className="font-medium">{String(o.label)}</span> : null}
      {o.score !== undefined ? <span className="text-muted-foreground">{o.label !== undefined ? " · " : ""}{formatNumber(o.score)}</span> : null}
      {o.value !== undefined ? <span className="font-medium tabular-nums">{formatNumber(o.value, 4)}</span> : null}
      {o.label === undefined && o.score === undefined && o.value === undefined ? "—" : null}
    </span>
  );
}

function Truth({ p }: { p: TPredictionItem }) {
  if (!p.feedback) return <span className="text-muted-foreground">—</span>;
  const via = p.feedback.viaPairedPrediction ? " (given for the champion's prediction of the same row)" : "";
  return (
    <span className="inline-flex items-center gap-1.5" title={`${p.feedback.source === "csv" ? "From a CSV upload" : "From the API"}${via}`}>
      <span className="font-medium">{p.feedback.actual}</span>
      {p.correct === true ? <Badge variant="success"><Check aria-hidden /> right</Badge> : null}
      {p.correct === false ? <Badge variant="danger"><X aria-hidden /> wrong</Badge> : null}
      {p.absError !== null ? <span className="text-xs text-muted-foreground">error {formatNumber(p.absError)}</span> : null}
    </span>
  );
}
