import * as React from "react";
import { Badge, StageBadge, StatusBadge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { KeyValueList } from "@/components/ui/key-value-list";
import { Markdown } from "@/components/ui/markdown";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatMetric, metricLabel } from "@/lib/metrics/metric-info";
import { cn } from "@/lib/utils/cn";
import { shortSha } from "@/lib/utils/format";
import { metricText, profileRows, sizeText, stageWord, taskWord, transitionText, utc, type TGateWord, type TModelCardData, type TTensorRow } from "@/lib/versions/render-model-card";

// The model card on screen: the same data and wording as the Markdown download
// (lib/versions/render-model-card.ts), drawn with the UI's tables because <Markdown> renders
// CommonMark only (no GFM tables). Plain server-rendered markup, laid out to print on paper.

const GATE_STATUS: Record<TGateWord, string> = { pass: "PASSED", fail: "FAILED", pending: "PENDING" };

export function ModelCardView({ data: d }: { data: TModelCardData }) {
  return (
    <div className="space-y-6 print:space-y-4">
      <p className="text-xs text-muted-foreground">
        Generated {utc(d.generatedAt)} by {d.generatedBy.name}.{" "}
        {d.audit.latest ? (
          <>Audit reference: event #{d.audit.latest.seq} (<Code>{d.audit.latest.action}</Code>, {utc(d.audit.latest.at)}), hash <Code>{d.audit.latest.hash}</Code>.</>
        ) : (
          <>No audit event names this version yet.</>
        )}
      </p>
      <Section title="Model and version">
        <KeyValueList
          layout="grid"
          items={[
            { label: "Model", value: <Code>{d.model.name}</Code> },
            { label: "Team", value: <>{d.model.team.name} <span className="text-muted-foreground">({d.model.team.slug})</span></> },
            { label: "Task", value: taskWord(d.model.task) },
            { label: "Tags", value: d.model.tags.length ? <span className="flex flex-wrap gap-1">{d.model.tags.map((t) => <Badge key={t} variant="outline">{t}</Badge>)}</span> : null },
            { label: "Version", value: `v${d.version.number}` },
            { label: "Stage", value: <StageBadge stage={d.version.stage} /> },
            { label: "Intake", value: <StatusBadge status={d.version.intakeStatus} /> },
            { label: "Uploaded", value: <>{utc(d.version.uploadedAt)} by {d.version.uploadedBy.name} <span className="text-muted-foreground">({d.version.uploadedBy.email})</span></> },
            { label: "Original file", value: d.version.originalFilename ? <Code>{d.version.originalFilename}</Code> : null },
            { label: "Artifact size", value: sizeText(d.version.artifactSize) },
            { label: "Artifact sha256", value: <Code>{d.version.artifactSha256}</Code> },
            { label: "Scoring graph sha256", value: d.version.scoringSha256 ? <Code>{d.version.scoringSha256}</Code> : null },
          ]}
        />
      </Section>

      <Section title="Description">
        {d.model.description.trim() ? <Markdown source={d.model.description} /> : <Muted>No description.</Muted>}
      </Section>

      <Section title="Signature" description="Read from the ONNX graph at intake.">
        {d.signature ? (
          <div className="space-y-5">
            <TensorTable caption="Inputs" rows={d.signature.inputs} />
            <TensorTable caption="Outputs" rows={d.signature.outputs} readAs={d.signature.outputs.map((o) => o.readAs)} />
            {d.features ? (
              <div>
                <h3 className="mb-2 text-sm font-medium">
                  Features ({d.features.items.length}, {d.features.layout === "matrix" ? <>one matrix input{d.features.inputName ? <> <Code>{d.features.inputName}</Code></> : null}</> : "one input per feature"})
                </h3>
                <DataTable label="Features" header={["#", "Feature", "Type"]} align={["r", "l", "l"]} rows={d.features.items.map((f, i) => [i + 1, <Code key="n">{f.name}</Code>, <Code key="t">{f.type}</Code>])} />
              </div>
            ) : null}
            <KeyValueList
              items={[
                { label: "Label classes", value: d.labelClasses.length ? <span className="font-mono text-xs">{d.labelClasses.join(", ")}</span> : null },
                { label: "Positive class", value: d.positiveClass !== null ? <Code>{d.positiveClass}</Code> : null },
                { label: "Producer", value: `${d.signature.producer || "unknown"} · IR version ${d.signature.irVersion}` },
                { label: "Opsets", value: <span className="font-mono text-xs">{d.signature.opsets.join(", ")}</span> },
              ]}
            />
          </div>
        ) : <Muted>Not read yet: the signature appears once intake has read the ONNX graph.</Muted>}
      </Section>

      <Section title="Lineage">
        <div className="space-y-4">
          <KeyValueList
            items={[
              { label: "Training data", value: d.lineage.trainingDataRef ? <Code>{d.lineage.trainingDataRef}</Code> : "not given" },
              { label: "Git commit", value: d.lineage.gitCommit ? <Code>{d.lineage.gitCommit}</Code> : "not given" },
            ]}
          />
          {d.lineage.params.length ? (
            <DataTable label="Parameters" header={["Parameter", "Value"]} rows={d.lineage.params.map((p) => [<Code key="k">{p.key}</Code>, <Code key="v">{p.value}</Code>])} />
          ) : null}
          {d.lineage.notes?.trim() ? (
            <div>
              <h3 className="mb-1 text-sm font-medium">Notes</h3>
              <p className="whitespace-pre-wrap text-sm">{d.lineage.notes}</p>
            </div>
          ) : null}
        </div>
      </Section>

      <MetricsSection d={d} />

      <Section
        title="Gates for production"
        description={<>Policy revision {d.gates.policyRevision}{d.gates.policyRevision === 0 ? " (the task's defaults)" : ""}; production also needs {d.gates.approvalsNeeded} approval{d.gates.approvalsNeeded === 1 ? "" : "s"} by approvers other than the uploader and the requester.</>}
        meta={<StatusBadge status={GATE_STATUS[d.gates.status]} />}
      >
        <div className="space-y-3">
          <DataTable
            label="Gates"
            header={["Gate", "Status", "Detail"]}
            rows={d.gates.items.map((g) => [g.label, <StatusBadge key="s" status={GATE_STATUS[g.status]} />, <span key="d" className="text-muted-foreground">{g.detail}</span>])}
          />
          <p className="text-xs text-muted-foreground">Evidence hash <Code>{d.gates.evidenceHash}</Code></p>
        </div>
      </Section>

      <HistorySection d={d} />
    </div>
  );
}

function MetricsSection({ d }: { d: TModelCardData }) {
  const e = d.evaluation;
  const r = e.run;
  const neg = d.labelClasses.find((c) => c !== d.positiveClass);
  const cls = (what: string, c: string | null | undefined) => (c !== null && c !== undefined ? `${what} (${c})` : what);
  return (
    <Section
      title="Metrics"
      description={e.dataset ? (
        <>Latest successful evaluation on the default evaluation dataset <strong className="font-medium text-foreground">{e.dataset.name}</strong> ({e.dataset.rowCount.toLocaleString("en-US")} rows, sha256 <Code>{shortSha(e.dataset.sha256)}</Code>){r ? <>, finished {utc(r.finishedAt)}</> : null}.</>
      ) : "The model has no default evaluation dataset."}
    >
      <div className="space-y-5">
        {e.dataset && !r ? <Muted>Not evaluated yet on {e.dataset.name}.</Muted> : null}
        {r ? (
          <>
            <div className="grid gap-5 lg:grid-cols-2 [&>*]:min-w-0">
              <DataTable label="Metrics" header={["Metric", "Key", "Value"]} align={["l", "l", "r"]} rows={r.metrics.map((m) => [metricLabel(m.key), <Code key="k">{m.key}</Code>, <span key="v" className="font-mono tabular-nums">{metricText(m)}</span>])} />
              <div className="space-y-2">
                <h3 className="text-sm font-medium">Latency and resources</h3>
                {r.profile ? (
                  <DataTable label="Latency and resources" header={["Measure", "Value"]} align={["l", "r"]} rows={profileRows(r.profile).map((p) => [p.label, <span key="v" className="font-mono tabular-nums">{p.value}</span>])} />
                ) : <Muted>This evaluation has no latency profile.</Muted>}
              </div>
            </div>
            {r.binary ? (
              <div className="space-y-2">
                <h3 className="text-sm font-medium">Confusion matrix at threshold {r.binary.threshold} ({r.binary.positiveCount.toLocaleString("en-US")} positive rows)</h3>
                <DataTable
                  label="Confusion matrix"
                  header={["Actual \\ predicted", cls("negative", neg), cls("positive", d.positiveClass)]}
                  align={["l", "r", "r"]}
                  rows={[[cls("negative", neg), ...r.binary.confusionMatrix[0].map(count)], [cls("positive", d.positiveClass), ...r.binary.confusionMatrix[1].map(count)]]}
                />
              </div>
            ) : null}
            {r.perClass?.length ? (
              <DataTable label="Per class" header={["Class", "Precision", "Recall", "F1", "Support"]} align={["l", "r", "r", "r", "r"]} rows={r.perClass.map((c) => [<Code key="c">{c.label}</Code>, c.precision.toFixed(4), c.recall.toFixed(4), c.f1.toFixed(4), count(c.support)])} />
            ) : null}
          </>
        ) : null}
        {e.others.length ? (
          <div className="space-y-1">
            <h3 className="text-sm font-medium">Other datasets</h3>
            <ul className="list-disc space-y-1 pl-5 text-sm">
              {e.others.map((o) => (
                <li key={o.evaluationId}>
                  <span className="font-medium">{o.name}</span> <span className="text-muted-foreground">({o.rowCount.toLocaleString("en-US")} rows, sha256 <Code>{shortSha(o.sha256)}</Code>)</span>:{" "}
                  {o.headline ? `${metricLabel(o.headline.key)} ${formatMetric(o.headline.key, o.headline.value)}` : "no defined metric"}, evaluated {utc(o.finishedAt)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </Section>
  );
}

function HistorySection({ d }: { d: TModelCardData }) {
  return (
    <Section title="Approvals and promotion history">
      <div className="space-y-5">
        {d.promotions.length === 0 ? <Muted>No promotion was requested for this version.</Muted> : null}
        {d.promotions.map((p) => (
          <div key={p.id} className="space-y-2 break-inside-avoid">
            <h3 className="text-sm font-medium">To {stageWord(p.targetStage).toLowerCase()}: {p.status.toLowerCase()}</h3>
            <p className="text-sm text-muted-foreground">
              Requested {utc(p.createdAt)} by {p.requestedBy}
              {p.closedAt ? <>; closed {utc(p.closedAt)}{p.closedReason ? `: ${p.closedReason}` : ""}</> : null}.
            </p>
            {p.comment.trim() ? <p className="whitespace-pre-wrap text-sm">{p.comment}</p> : null}
            {p.approvals.length ? (
              <DataTable label="Decisions" header={["When", "Decision", "Approver", "Comment"]} rows={p.approvals.map((a) => [utc(a.createdAt), a.decision === "APPROVE" ? "Approve" : "Reject", a.approver, <span key="c" className="whitespace-pre-wrap">{a.comment}</span>])} />
            ) : <Muted>No decisions.</Muted>}
          </div>
        ))}
        <div className="space-y-2">
          <h3 className="text-sm font-medium">Stage transitions</h3>
          {d.transitions.length ? (
            <DataTable
              label="Stage transitions"
              header={["When", "Event", "Stages", "Reason", "By", "Evidence hash"]}
              rows={d.transitions.map((t) => {
                const { event, stages } = transitionText(t);
                return [utc(t.createdAt), event, stages, t.reason, t.actor, t.evidenceHash ? <Code key="h">{t.evidenceHash.slice(0, 16)}</Code> : null];
              })}
            />
          ) : <Muted>This version has not changed stage through a promotion or a rollback.</Muted>}
        </div>
      </div>
    </Section>
  );
}

function Section({ title, description, meta, children }: { title: string; description?: React.ReactNode; meta?: React.ReactNode; children: React.ReactNode }) {
  return (
    <Card className="print:border-0 print:shadow-none">
      <CardHeader className="flex flex-row items-start justify-between gap-4 print:px-0">
        <div className="space-y-1">
          <CardTitle as="h2">{title}</CardTitle>
          {description ? <CardDescription>{description}</CardDescription> : null}
        </div>
        {meta}
      </CardHeader>
      <CardContent className="print:px-0">{children}</CardContent>
    </Card>
  );
}

function TensorTable({ caption, rows, readAs }: { caption: string; rows: TTensorRow[]; readAs?: (string | null)[] }) {
  return (
    <DataTable
      label={caption}
      header={[caption, "Type", "Shape", ...(readAs ? ["Read as"] : [])]}
      rows={rows.map((t, i) => [<Code key="n">{t.name}</Code>, <Code key="t">{t.type}</Code>, t.shape === null ? null : <Code key="s">{t.shape}</Code>, ...(readAs ? [readAs[i]] : [])])}
    />
  );
}

function DataTable({ label, header, rows, align }: { label: string; header: string[]; rows: React.ReactNode[][]; align?: ("l" | "r")[] }) {
  const right = (i: number) => align?.[i] === "r" && "text-right";
  return (
    <Table aria-label={label} wrapperClassName="print:overflow-visible print:shadow-none">
      <THead>
        <TR>{header.map((h, i) => <TH key={i} className={cn(right(i))}>{h}</TH>)}</TR>
      </THead>
      <TBody>
        {rows.map((r, i) => (
          <TR key={i} className="break-inside-avoid">
            {r.map((c, j) => <TD key={j} className={cn("py-2", right(j))}>{c === null || c === undefined || c === "" ? <span className="text-muted-foreground">—</span> : c}</TD>)}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function Muted({ children }: { children: React.ReactNode }) {
  return <p className="text-sm text-muted-foreground">{children}</p>;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
