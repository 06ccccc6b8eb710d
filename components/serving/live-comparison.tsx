"use client";

import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { servingKeys } from "@/components/serving/serving-keys";
import { formatMs, formatNumber, formatShare } from "@/components/serving/serving-format";
import { VERSION_COLORS } from "@/components/versions/version-colors";
import { apiFetch } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TLiveComparison } from "@/lib/serving/compare-live";

const WINDOWS = [
  { value: "15m", label: "Last 15 minutes" },
  { value: "1h", label: "Last hour" },
  { value: "6h", label: "Last 6 hours" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
];
const POLL_MS = 5_000;
const AXIS = { fontSize: 11, stroke: "var(--color-muted-foreground)" };
const selectClasses = "h-8 rounded-md border border-input bg-card px-2 text-sm";

type TVersionStats = TLiveComparison["versions"][number];

// Champion and challenger side by side on the logged traffic of a recent window, polled every 5 s
// while the page is open. Ground-truth columns fill in as feedback arrives.
export function LiveComparison({ modelId, sampleRate, challengerMode }: { modelId: string; sampleRate: number; challengerMode: "SHADOW" | "CANARY" | null }) {
  const [range, setRange] = useState("1h");
  const { data, error, isFetching } = useQuery({
    queryKey: servingKeys.live(modelId, range),
    queryFn: () => apiFetch<TLiveComparison>(routes.api.modelServingCompare(modelId, range)),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
  });
  const regression = data?.task === "REGRESSION";

  return (
    <section aria-label="Live comparison" className="space-y-3" aria-busy={isFetching}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 className="text-sm font-semibold">Live traffic</h3>
          <p className="text-xs text-muted-foreground">
            From the prediction log{sampleRate < 1 ? ` (${formatShare(sampleRate)} of predictions are logged)` : ""}; refreshed every 5 seconds.
          </p>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <span className="sr-only">Window</span>
          <select aria-label="Window" className={selectClasses} value={range} onChange={(e) => setRange(e.target.value)}>
            {WINDOWS.map((w) => <option key={w.value} value={w.value}>{w.label}</option>)}
          </select>
        </label>
      </div>
      {error ? <Alert variant="danger" title="Could not load live traffic" description={error.message} /> : null}
      {!data ? (
        <Skeleton className="h-40 w-full" />
      ) : data.versions.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-4 py-6 text-center text-sm text-muted-foreground">
          No predictions logged in this window. Calls to the endpoint below appear here within seconds.
        </p>
      ) : (
        <>
          <Table aria-label="Champion and challenger">
            <THead>
              <TR>
                <TH><span className="sr-only">Measure</span></TH>
                {data.versions.map((v) => (
                  <TH key={`${v.versionId}-${v.role}`} className="normal-case tracking-normal">
                    <span className="font-semibold text-foreground">v{v.number}</span>{" "}
                    <Badge variant={v.role === "CHAMPION" ? "success" : "info"}>{v.role === "CHAMPION" ? "champion" : `challenger${challengerMode ? ` · ${challengerMode.toLowerCase()}` : ""}`}</Badge>
                  </TH>
                ))}
              </TR>
            </THead>
            <TBody>
              <Row label="Requests logged" versions={data.versions} cell={(v) => v.requests.toLocaleString("en")} />
              <Row label="Answered callers" versions={data.versions} cell={(v) => (v.served === 0 && v.role === "CHALLENGER" ? "none (shadow)" : v.served.toLocaleString("en"))} />
              {regression ? (
                <Row label="Mean value" versions={data.versions} cell={(v) => formatNumber(v.meanValue)} />
              ) : (
                <>
                  <Row label="Mean score" versions={data.versions} cell={(v) => formatNumber(v.meanScore)} />
                  <Row label="Predicted labels" versions={data.versions} cell={(v) => <LabelBars labels={v.labels} />} />
                </>
              )}
              <Row label="Latency p50 / p95" versions={data.versions} cell={(v) => `${formatMs(v.latencyMs.p50)} / ${formatMs(v.latencyMs.p95)}`} />
              <Row label="With ground truth" versions={data.versions} cell={(v) => v.withFeedback.toLocaleString("en")} />
              {regression ? (
                <Row label="MAE" versions={data.versions} cell={(v) => (v.mae === null ? "no ground truth yet" : formatNumber(v.mae))} />
              ) : (
                <Row label="Accuracy" versions={data.versions} cell={(v) => (v.accuracy === null ? "no ground truth yet" : `${formatShare(v.accuracy)} of ${v.withFeedback.toLocaleString("en")}`)} />
              )}
            </TBody>
          </Table>
          {data.agreement.map((a) => (
            <p key={`${a.champion.versionId}-${a.challenger.versionId}`} className="text-sm" data-agreement>
              <span className="font-medium">v{a.champion.number} and v{a.challenger.number} on {a.pairs.toLocaleString("en")} paired {a.pairs === 1 ? "row" : "rows"}:</span>{" "}
              {a.labelAgreement !== null ? <>same label on {formatShare(a.labelAgreement)}</> : null}
              {a.labelAgreement !== null && (a.meanAbsScoreDiff !== null || a.meanAbsValueDiff !== null) ? <span aria-hidden className="text-muted-foreground"> · </span> : null}
              {a.meanAbsScoreDiff !== null ? <>mean score difference {formatNumber(a.meanAbsScoreDiff)}</> : null}
              {a.meanAbsValueDiff !== null ? <>mean difference {formatNumber(a.meanAbsValueDiff)}</> : null}
            </p>
          ))}
          {challengerMode === "CANARY" && data.agreement.length === 0 ? (
            <p className="text-xs text-muted-foreground">In canary mode each request is answered by one version, so there are no paired rows to compare.</p>
          ) : null}
          <RequestsChart data={data} />
        </>
      )}
    </section>
  );
}

function Row({ label, versions, cell }: { label: string; versions: TVersionStats[]; cell: (v: TVersionStats) => React.ReactNode }) {
  return (
    <TR>
      <TH scope="row" className="h-auto py-2.5 normal-case tracking-normal text-muted-foreground">{label}</TH>
      {versions.map((v) => <TD key={`${v.versionId}-${v.role}`} className="py-2.5 tabular-nums">{cell(v)}</TD>)}
    </TR>
  );
}

function LabelBars({ labels }: { labels: TVersionStats["labels"] }) {
  if (!labels.length) return <span className="text-muted-foreground">—</span>;
  return (
    <ul className="min-w-36 space-y-1">
      {labels.slice(0, 4).map((l) => (
        <li key={l.label} className="grid grid-cols-[minmax(2.5rem,auto)_1fr_auto] items-center gap-2 text-xs">
          <span className="truncate font-mono" title={l.label}>{l.label}</span>
          <span className="h-1.5 rounded-full bg-muted" aria-hidden><span className="block h-1.5 rounded-full bg-primary" style={{ width: `${Math.max(2, l.share * 100)}%` }} /></span>
          <span className="tabular-nums">{formatShare(l.share)}</span>
        </li>
      ))}
      {labels.length > 4 ? <li className="text-xs text-muted-foreground">+{labels.length - 4} more</li> : null}
    </ul>
  );
}

function RequestsChart({ data }: { data: TLiveComparison }) {
  const hasChallenger = data.versions.some((v) => v.role === "CHALLENGER");
  const span = new Date(data.until).getTime() - new Date(data.since).getTime();
  const tick = (iso: string) => {
    const d = new Date(iso);
    return span > 86_400_000 ? d.toLocaleDateString("en", { month: "short", day: "numeric" }) : d.toLocaleTimeString("en", { hour: "2-digit", minute: "2-digit", hour12: false });
  };
  return (
    <figure className="h-44 pb-5" aria-label="Logged requests over time">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data.series.points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
          <XAxis dataKey="at" tick={AXIS} tickFormatter={tick} minTickGap={40} />
          <YAxis tick={AXIS} width={36} allowDecimals={false} />
          <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString("en")} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="champion" name="Champion" stroke={VERSION_COLORS[0]} strokeWidth={2} dot={false} isAnimationActive={false} />
          {hasChallenger ? <Line dataKey="challenger" name="Challenger" stroke={VERSION_COLORS[1]} strokeWidth={2} dot={false} isAnimationActive={false} /> : null}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="mt-1 text-xs text-muted-foreground">Logged requests per {describeBucket(data.series.bucketMs)}.</figcaption>
    </figure>
  );
}

function describeBucket(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return `${Number(minutes.toFixed(1))} ${minutes === 1 ? "minute" : "minutes"}`;
  const hours = minutes / 60;
  return `${Number(hours.toFixed(1))} ${hours === 1 ? "hour" : "hours"}`;
}
