import type { TProfile } from "@/lib/evaluation/types";
import { formatMetric, metricLabel } from "@/lib/metrics/metric-info";
import { formatBytes } from "@/lib/utils/format";

// The model card as plain data (what lib/versions/model-card.ts gathers) and its Markdown rendering.
// Pure: no I/O, so the page, the download and the unit tests render the same card from the same data.
// Everything that came from a user (names, comments, reasons, params, tensor names from the ONNX
// file) is escaped or fenced; only the model description is included as Markdown, as the app
// already renders it (sanitized) on the model page.

export type TGateWord = "pass" | "fail" | "pending";

export type TModelCardData = {
  generatedAt: string;
  generatedBy: { name: string; email: string };
  model: { id: string; name: string; task: "BINARY" | "MULTICLASS" | "REGRESSION"; team: { slug: string; name: string }; description: string; tags: string[] };
  version: {
    id: string; number: number; stage: string; intakeStatus: string;
    uploadedBy: { name: string; email: string }; uploadedAt: string;
    artifactSha256: string; artifactSize: number; originalFilename: string | null; scoringSha256: string | null;
  };
  /** null until intake has read the graph. */
  signature: null | {
    inputs: TTensorRow[];
    outputs: (TTensorRow & { readAs: string | null })[];
    producer: string; irVersion: number; opsets: string[];
  };
  features: null | { layout: "matrix" | "columns"; inputName: string | null; items: { name: string; type: string }[] };
  labelClasses: string[];
  positiveClass: string | null;
  lineage: { trainingDataRef: string | null; gitCommit: string | null; notes: string | null; params: { key: string; value: string }[] };
  evaluation: {
    /** The model's default evaluation dataset; null when none is set. */
    dataset: TCardDataset | null;
    run: null | {
      id: string; finishedAt: string | null; rowCount: number;
      metrics: { key: string; value: number | null; reason?: string }[];
      binary: null | { threshold: number; positiveCount: number; confusionMatrix: [[number, number], [number, number]] };
      perClass: null | { label: string; precision: number; recall: number; f1: number; support: number }[];
      profile: TProfile | null;
    };
    others: (TCardDataset & { evaluationId: string; finishedAt: string | null; headline: { key: string; value: number } | null })[];
  };
  gates: {
    target: "PRODUCTION";
    status: TGateWord;
    items: { label: string; status: TGateWord; detail: string }[];
    policyRevision: number;
    approvalsNeeded: number;
    evidenceHash: string;
  };
  promotions: {
    id: string; targetStage: string; status: string; comment: string; requestedBy: string; createdAt: string; closedAt: string | null; closedReason: string | null;
    approvals: { decision: "APPROVE" | "REJECT"; approver: string; comment: string; createdAt: string }[];
  }[];
  transitions: {
    id: string; kind: "PROMOTION" | "ROLLBACK";
    /** "this": the version itself moved; "replaced": another version took its place and it was archived. */
    role: "this" | "replaced";
    versionNumber: number; previousNumber: number | null; fromStage: string; toStage: string;
    reason: string; actor: string | null; createdAt: string; evidenceHash: string | null;
  }[];
  audit: { latest: null | { seq: string; action: string; at: string; hash: string }; trail: string };
};

/** `shape` is null for values that are not tensors (a ZipMap's sequence of maps). */
export type TTensorRow = { name: string; type: string; shape: string | null };
export type TCardDataset = { name: string; sha256: string; rowCount: number };

// --- Markdown primitives -------------------------------------------------------------------------

/**
 * Text from a user, for one line of Markdown (a list item, a table cell): newlines fold to spaces,
 * and every character that could open inline Markdown or HTML is backslash-escaped (CommonMark lets
 * any ASCII punctuation be escaped), so `<script>` stays text and `|` never splits a table cell.
 * Characters that open nothing mid-line stay as they are, so the downloaded file reads well: `_`
 * inside a word (`roc_auc`: CommonMark never emphasises intraword underscores), `>`, `!` and `#`
 * (block syntax only at the start of a line, which this text never is), `&` unless it spells an entity.
 */
export function mdText(s: string): string {
  return oneLine(s)
    .replace(/[\\`*[\]<|~]/g, (c) => `\\${c}`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\_")
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, "\\&");
}

/** A code span that survives any content: a backtick fence longer than any run inside it. */
export function mdCode(s: string, opts: { inTable?: boolean } = {}): string {
  let body = oneLine(s);
  // GFM splits table cells on a pipe even inside a code span unless it is escaped.
  if (opts.inTable) body = body.replace(/\|/g, "\\|");
  if (!body) return "—";
  const fence = "`".repeat(longestRun(body, "`") + 1);
  // CommonMark strips one space on each side, so content that starts or ends with a backtick stays whole.
  const pad = body.startsWith("`") || body.endsWith("`") ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced block for multi-line text shown verbatim (notes): the fence outgrows any run of backticks. */
export function mdFence(s: string, info = "text"): string {
  const body = s.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
  const fence = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

export function mdTable(header: string[], rows: string[][], align?: ("l" | "r")[]): string {
  const cells = (r: string[]) => `| ${r.map((c) => (c === "" ? "—" : c)).join(" | ")} |`;
  const rule = `| ${header.map((_, i) => (align?.[i] === "r" ? "---:" : "---")).join(" | ")} |`;
  return [cells(header), rule, ...rows.map(cells)].join("\n");
}

/**
 * The description is Markdown written by a user and goes in as is, but it must not swallow the rest
 * of the card: a fenced code block or an HTML block of kinds 1–5 (CommonMark 4.6: `<script>`, `<pre>`,
 * `<style>`, `<textarea>`, comments, processing instructions, declarations, CDATA) left open runs to
 * the end of the document. Whatever is still open at the end is closed here.
 */
export function containMarkdown(md: string): string {
  const lines = md.replace(/\r\n?/g, "\n").replace(/\s+$/, "").split("\n");
  let fence: { char: string; length: number } | null = null;
  let htmlEnd: RegExp | null = null;
  let htmlCloser = "";
  for (const line of lines) {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
      continue;
    }
    if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = null;
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open && !(open[1][0] === "`" && open[2].includes("`"))) {
      fence = { char: open[1][0], length: open[1].length };
      continue;
    }
    const block = HTML_BLOCKS.find((b) => b.start.test(line));
    // An HTML block may end on its own first line (`<!-- note -->`).
    if (block && !block.end.test(line.replace(block.start, ""))) {
      htmlEnd = block.end;
      htmlCloser = block.closer;
    }
  }
  if (fence) lines.push(fence.char.repeat(fence.length));
  else if (htmlEnd) lines.push(htmlCloser);
  return lines.join("\n");
}

const HTML_BLOCKS = [
  { start: /^ {0,3}<(script|pre|style|textarea)(\s|>|$)/i, end: /<\/(script|pre|style|textarea)>/i, closer: "</pre>" },
  { start: /^ {0,3}<!--/, end: /-->/, closer: "-->" },
  { start: /^ {0,3}<\?/, end: /\?>/, closer: "?>" },
  { start: /^ {0,3}<![A-Za-z]/, end: />/, closer: ">" },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/, closer: "]]>" },
];

function oneLine(s: string): string {
  // Control characters have no place in a card (and a stray one can end a line for some renderers).
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").replace(/\s*[\r\n]+\s*/g, " ").trim();
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

// --- Words shared by the Markdown and the page ---------------------------------------------------

export function utc(iso: string | null): string {
  return iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "—";
}

export function stageWord(stage: string): string {
  return stage.charAt(0) + stage.slice(1).toLowerCase();
}

export function taskWord(task: TModelCardData["model"]["task"]): string {
  return { BINARY: "binary classification", MULTICLASS: "multiclass classification", REGRESSION: "regression" }[task];
}

export function filenameOf(data: Pick<TModelCardData, "model" | "version">): string {
  const base = data.model.name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[.-]+/, "") || "model";
  return `${base}-v${data.version.number}-model-card.md`;
}

/** What happened to the version in one stage transition, in words. */
export function transitionText(t: TModelCardData["transitions"][number]): { event: string; stages: string } {
  if (t.role === "this") {
    return t.kind === "ROLLBACK"
      ? { event: `Rollback restored this version${t.previousNumber !== null ? ` (v${t.previousNumber} archived)` : ""}`, stages: `${stageWord(t.fromStage)} → ${stageWord(t.toStage)}` }
      : { event: `Promoted${t.previousNumber !== null ? ` (replaced v${t.previousNumber})` : ""}`, stages: `${stageWord(t.fromStage)} → ${stageWord(t.toStage)}` };
  }
  return t.kind === "ROLLBACK"
    ? { event: `Rolled back to v${t.versionNumber}`, stages: `${stageWord(t.toStage)} → Archived` }
    : { event: `Replaced by v${t.versionNumber}`, stages: `${stageWord(t.toStage)} → Archived` };
}

export type TProfileRow = { label: string; value: string };

export function profileRows(p: TProfile): TProfileRow[] {
  const ms = (v: number) => `${v.toFixed(3)} ms`;
  const rate = (v: number) => `${Math.round(v).toLocaleString("en-US")} rows/s`;
  return [
    { label: "Single-row latency p50", value: ms(p.singleRowLatencyMs.p50) },
    { label: "Single-row latency p95", value: ms(p.singleRowLatencyMs.p95) },
    { label: "Single-row latency p99", value: ms(p.singleRowLatencyMs.p99) },
    { label: "Throughput, batch of 1", value: rate(p.rowsPerSecond.batch1) },
    { label: "Throughput, batch of 64", value: rate(p.rowsPerSecond.batch64) },
    { label: "Throughput, batch of 1024", value: rate(p.rowsPerSecond.batch1024) },
    { label: "Model load", value: `${p.modelLoadMs.toFixed(1)} ms` },
    { label: "Peak RSS", value: `${p.peakRssMb.toFixed(1)} MB` },
    { label: "CPU time", value: `${p.cpuSeconds.toFixed(2)} s` },
  ];
}

export function sizeText(bytes: number): string {
  return bytes < 1024 ? formatBytes(bytes) : `${formatBytes(bytes)} (${bytes.toLocaleString("en-US")} bytes)`;
}

export function metricText(m: { key: string; value: number | null; reason?: string }): string {
  return m.value === null ? `undefined${m.reason ? ` (${m.reason})` : ""}` : formatMetric(m.key, m.value);
}

// --- The card ------------------------------------------------------------------------------------

export function renderModelCard(d: TModelCardData): string {
  const title = `${mdText(d.model.name)} v${d.version.number}`;
  const sections = [
    `# Model card: ${title}`,
    generatedLine(d),
    modelSection(d),
    versionSection(d),
    signatureSection(d),
    lineageSection(d),
    metricsSection(d),
    gatesSection(d),
    historySection(d),
  ];
  return `${sections.join("\n\n")}\n`;
}

function generatedLine(d: TModelCardData): string {
  const audit = d.audit.latest
    ? `Audit reference: event #${d.audit.latest.seq} (${mdCode(d.audit.latest.action)}, ${utc(d.audit.latest.at)}), hash ${mdCode(d.audit.latest.hash)}; full trail: ${mdCode(d.audit.trail)}.`
    : `Audit reference: no audit event names this version yet; trail: ${mdCode(d.audit.trail)}.`;
  return `*Generated ${utc(d.generatedAt)} by ${mdText(d.generatedBy.name)} (${mdText(d.generatedBy.email)}). ${audit}*`;
}

function list(items: [string, string | null | undefined][]): string {
  return items.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => `- **${k}:** ${v}`).join("\n");
}

function modelSection(d: TModelCardData): string {
  const m = d.model;
  const facts = list([
    ["Name", mdCode(m.name)],
    ["Team", `${mdText(m.team.name)} (${mdCode(m.team.slug)})`],
    ["Task", taskWord(m.task)],
    ["Tags", m.tags.map((t) => mdCode(t)).join(", ")],
  ]);
  const description = m.description.trim() ? containMarkdown(m.description) : "*No description.*";
  return `## Model\n\n${facts}\n\n### Description\n\n${description}`;
}

function versionSection(d: TModelCardData): string {
  const v = d.version;
  return `## Version\n\n${list([
    ["Version", String(v.number)],
    ["Stage", stageWord(v.stage)],
    ["Intake", v.intakeStatus.toLowerCase()],
    ["Uploaded", `${utc(v.uploadedAt)} by ${mdText(v.uploadedBy.name)} (${mdText(v.uploadedBy.email)})`],
    ["Original file", v.originalFilename ? mdCode(v.originalFilename) : null],
    ["Artifact", `sha256 ${mdCode(v.artifactSha256)}, ${sizeText(v.artifactSize)}`],
    ["Scoring graph", v.scoringSha256 ? `sha256 ${mdCode(v.scoringSha256)} (derived at intake so the runtime can read the outputs; the uploaded file is unchanged)` : null],
  ])}`;
}

function signatureSection(d: TModelCardData): string {
  const s = d.signature;
  if (!s) return "## Signature\n\n*Not read yet: the signature appears once intake has read the ONNX graph.*";
  const tensor = (t: TTensorRow) => [mdCode(t.name, { inTable: true }), mdCode(t.type, { inTable: true }), t.shape === null ? "" : mdCode(t.shape, { inTable: true })];
  const parts = [
    "## Signature",
    "### Inputs",
    mdTable(["Name", "Type", "Shape"], s.inputs.map(tensor)),
    "### Outputs",
    mdTable(["Name", "Type", "Shape", "Read as"], s.outputs.map((o) => [...tensor(o), o.readAs ? mdText(o.readAs) : ""])),
  ];
  if (d.features) {
    const f = d.features;
    const how = f.layout === "matrix" ? `one matrix input${f.inputName ? ` ${mdCode(f.inputName)}` : ""}` : "one input per feature";
    parts.push(`### Features (${f.items.length}, ${how})`, mdTable(["#", "Feature", "Type"], f.items.map((x, i) => [String(i + 1), mdCode(x.name, { inTable: true }), mdCode(x.type, { inTable: true })]), ["r", "l", "l"]));
  }
  parts.push(list([
    ["Label classes", d.labelClasses.map((c) => mdCode(c)).join(", ")],
    ["Positive class", d.positiveClass !== null ? mdCode(d.positiveClass) : null],
    ["Producer", `${mdText(s.producer || "unknown")} · IR version ${s.irVersion}`],
    ["Opsets", s.opsets.map((o) => mdCode(o)).join(", ")],
  ]));
  return parts.join("\n\n");
}

function lineageSection(d: TModelCardData): string {
  const l = d.lineage;
  const parts = [
    "## Lineage",
    list([
      ["Training data", l.trainingDataRef ? mdCode(l.trainingDataRef) : "not given"],
      ["Git commit", l.gitCommit ? mdCode(l.gitCommit) : "not given"],
    ]),
  ];
  if (l.params.length) parts.push("### Parameters", mdTable(["Parameter", "Value"], l.params.map((p) => [mdCode(p.key, { inTable: true }), mdCode(p.value, { inTable: true })])));
  if (l.notes?.trim()) parts.push("### Notes", mdFence(l.notes));
  return parts.join("\n\n");
}

function metricsSection(d: TModelCardData): string {
  const e = d.evaluation;
  const parts = ["## Metrics"];
  if (!e.dataset) parts.push("*The model has no default evaluation dataset, so no headline metrics.*");
  else if (!e.run) parts.push(`*Not evaluated yet on the default evaluation dataset ${mdText(e.dataset.name)} (${datasetFacts(e.dataset)}).*`);
  else {
    const r = e.run;
    parts.push(`Latest successful evaluation on the default evaluation dataset **${mdText(e.dataset.name)}** (${datasetFacts(e.dataset)}), finished ${utc(r.finishedAt)}, evaluation ${mdCode(r.id)}; ${r.rowCount.toLocaleString("en-US")} rows scored.`);
    parts.push(mdTable(["Metric", "Key", "Value"], r.metrics.map((m) => [metricLabel(m.key), mdCode(m.key, { inTable: true }), mdText(metricText(m))]), ["l", "l", "r"]));
    if (r.binary) {
      const [[tn, fp], [fn, tp]] = r.binary.confusionMatrix;
      const neg = d.labelClasses.find((c) => c !== d.positiveClass);
      const name = (what: string, cls: string | null | undefined) => (cls !== null && cls !== undefined ? `${what} (${mdCode(cls, { inTable: true })})` : what);
      parts.push(
        `Confusion matrix at threshold ${r.binary.threshold} (${r.binary.positiveCount.toLocaleString("en-US")} positive rows):`,
        mdTable(["Actual \\ predicted", name("negative", neg), name("positive", d.positiveClass)], [[name("negative", neg), count(tn), count(fp)], [name("positive", d.positiveClass), count(fn), count(tp)]], ["l", "r", "r"]),
      );
    }
    if (r.perClass?.length) {
      const f = (v: number) => v.toFixed(4);
      parts.push("Per class:", mdTable(["Class", "Precision", "Recall", "F1", "Support"], r.perClass.map((c) => [mdCode(c.label, { inTable: true }), f(c.precision), f(c.recall), f(c.f1), count(c.support)]), ["l", "r", "r", "r", "r"]));
    }
    parts.push("### Latency and resources");
    parts.push(r.profile
      ? `Measured in the evaluation sandbox (${r.profile.singleRowLatencyMs.runs.toLocaleString("en-US")} single-row runs).\n\n${mdTable(["Measure", "Value"], profileRows(r.profile).map((p) => [p.label, p.value]), ["l", "r"])}`
      : "*This evaluation has no latency profile.*");
  }
  if (e.others.length) {
    parts.push("### Other datasets");
    parts.push(e.others.map((o) => `- **${mdText(o.name)}** (${datasetFacts(o)}): ${o.headline ? `${metricLabel(o.headline.key)} ${formatMetric(o.headline.key, o.headline.value)}` : "no defined metric"}, evaluated ${utc(o.finishedAt)}`).join("\n"));
  }
  return parts.join("\n\n");
}

function datasetFacts(ds: TCardDataset): string {
  return `${ds.rowCount.toLocaleString("en-US")} rows, sha256 ${mdCode(ds.sha256.slice(0, 12))}`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function gatesSection(d: TModelCardData): string {
  const g = d.gates;
  const approvals = `${g.approvalsNeeded} approval${g.approvalsNeeded === 1 ? "" : "s"} by approvers other than the uploader and the requester`;
  return [
    "## Gates for production",
    `Overall: **${g.status.toUpperCase()}** as of this card. Policy revision ${g.policyRevision}${g.policyRevision === 0 ? " (the task's defaults)" : ""}; production also needs ${approvals}. Evidence hash ${mdCode(g.evidenceHash)}.`,
    mdTable(["Gate", "Status", "Detail"], g.items.map((i) => [mdText(i.label), i.status.toUpperCase(), mdText(i.detail)])),
  ].join("\n\n");
}

function historySection(d: TModelCardData): string {
  const parts = ["## Approvals and promotion history", "### Promotion requests"];
  if (!d.promotions.length) parts.push("*No promotion was requested for this version.*");
  for (const p of d.promotions) {
    parts.push(`#### To ${stageWord(p.targetStage).toLowerCase()}: ${p.status.toLowerCase()}`);
    parts.push(list([
      ["Requested", `${utc(p.createdAt)} by ${mdText(p.requestedBy)}`],
      ["Comment", p.comment.trim() ? mdText(p.comment) : null],
      ["Closed", p.closedAt ? `${utc(p.closedAt)}${p.closedReason ? `: ${mdText(p.closedReason)}` : ""}` : null],
    ]));
    parts.push(p.approvals.length
      ? mdTable(["When", "Decision", "Approver", "Comment"], p.approvals.map((a) => [utc(a.createdAt), a.decision === "APPROVE" ? "Approve" : "Reject", mdText(a.approver), mdText(a.comment)]))
      : "*No decisions.*");
  }
  parts.push("### Stage transitions");
  parts.push(d.transitions.length
    ? mdTable(["When", "Event", "Stages", "Reason", "By", "Evidence hash"], d.transitions.map((t) => {
      const { event, stages } = transitionText(t);
      return [utc(t.createdAt), event, stages, mdText(t.reason), t.actor ? mdText(t.actor) : "", t.evidenceHash ? mdCode(t.evidenceHash.slice(0, 16), { inTable: true }) : ""];
    }))
    : "*This version has not changed stage through a promotion or a rollback.*");
  return parts.join("\n\n");
}
