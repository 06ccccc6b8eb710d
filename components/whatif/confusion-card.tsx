"use client";

import { formatCount, formatShare } from "@/components/whatif/format";
import type { TScaledConfusion } from "@/lib/whatif/scaled-confusion";

// The evaluation's confusion matrix scaled to a month of decisions, with the flagged cases set
// against the team's review capacity.
export function ConfusionCard({ m, positiveLabel }: { m: TScaledConfusion; positiveLabel: string }) {
  const cell = (key: string, label: string, value: number, tone: string) => (
    <td className={`rounded-md px-3 py-2 text-center ${tone}`} data-cell={key}>
      <div className="text-lg font-semibold tabular-nums" data-value>{formatCount(value)}</div>
      <div className="text-xs">{label}</div>
    </td>
  );
  const over = m.capacity !== null && m.overCapacity > 0;
  const used = m.utilisation === null ? null : Math.min(1, m.utilisation);
  return (
    <div className="space-y-3" data-confusion>
      <table className="w-full border-separate border-spacing-1 text-sm" aria-label="Cases per month">
        <thead>
          <tr>
            <th className="text-xs font-normal text-muted-foreground">per month</th>
            <th scope="col" className="text-xs font-medium">flagged</th>
            <th scope="col" className="text-xs font-medium">not flagged</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row" className="text-right text-xs font-medium">actually {positiveLabel}</th>
            {cell("caught", "caught", m.caught, "bg-success-subtle text-success-text")}
            {cell("missed", "missed", m.missed, "bg-danger-subtle text-danger-text")}
          </tr>
          <tr>
            <th scope="row" className="text-right text-xs font-medium">actually not</th>
            {cell("false-alarms", "false alarms", m.falseAlarms, "bg-warning-subtle text-warning-text")}
            {cell("cleared", "cleared", m.cleared, "bg-muted text-muted-foreground")}
          </tr>
        </tbody>
      </table>
      <div className="space-y-1 text-sm" data-flagged>
        <div className="flex flex-wrap justify-between gap-2">
          <span><strong className="tabular-nums" data-value>{formatCount(m.flagged)}</strong> flagged a month</span>
          <span className={over ? "font-medium text-danger-text" : "text-muted-foreground"}>
            {m.capacity === null ? "no review capacity set" : `capacity ${formatCount(m.capacity)}${m.utilisation !== null ? ` (${formatShare(m.utilisation, 0)} used)` : ""}`}
          </span>
        </div>
        {used !== null ? (
          <div className="h-2 overflow-hidden rounded-full bg-muted" role="meter" aria-label="Review capacity used" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(used * 100)}>
            <div className={`h-full ${over ? "bg-danger" : "bg-primary"}`} style={{ width: `${used * 100}%` }} />
          </div>
        ) : null}
        {over ? <p className="text-xs text-danger-text">{formatCount(m.overCapacity)} flagged cases a month are beyond what the team can review.</p> : null}
      </div>
    </div>
  );
}
