import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/ui/markdown";
import { containMarkdown, filenameOf, mdCode, mdFence, mdText, renderModelCard, type TModelCardData } from "@/lib/versions/render-model-card";

const SHA = "a".repeat(64);

function card(over: Partial<TModelCardData> = {}): TModelCardData {
  return {
    generatedAt: "2026-03-01T10:20:30.000Z",
    generatedBy: { name: "Dana Exec", email: "dana@example.test" },
    model: { id: "m1", name: "card-fraud", task: "BINARY", team: { slug: "risk", name: "Risk | Fraud" }, description: "Scores **card** transactions.", tags: ["payments", "fraud"] },
    version: {
      id: "v2", number: 2, stage: "STAGING", intakeStatus: "PASSED", uploadedBy: { name: "Sam Scientist", email: "sam@example.test" }, uploadedAt: "2026-02-28T09:00:00.000Z",
      artifactSha256: SHA, artifactSize: 2048, originalFilename: "card-fraud-v2.onnx", scoringSha256: "b".repeat(64),
    },
    signature: {
      inputs: [{ name: "float_input", type: "float32", shape: "[?, 8]" }],
      outputs: [
        { name: "output_label", type: "int64", shape: "[?]", readAs: "predicted label" },
        { name: "output_probability", type: "sequence<map<int64,float32>>", shape: null, readAs: "class probabilities" },
      ],
      producer: "skl2onnx 1.17.0", irVersion: 8, opsets: ["ai.onnx 17", "ai.onnx.ml 3"],
    },
    features: { layout: "matrix", inputName: "float_input", items: [{ name: "amount", type: "float32" }, { name: "odd|name", type: "float32" }] },
    labelClasses: ["0", "1"],
    positiveClass: "1",
    lineage: { trainingDataRef: "s3://bucket/train.csv", gitCommit: "0123abcd", notes: "Line one\n```\nnot code\n```\nLine <b>three</b>", params: [{ key: "C", value: "1" }, { key: "solver", value: "lbfgs" }] },
    evaluation: {
      dataset: { name: "holdout", sha256: "c".repeat(64), rowCount: 2000 },
      run: {
        id: "e1", finishedAt: "2026-02-28T09:05:00.000Z", rowCount: 2000,
        metrics: [{ key: "roc_auc", value: 0.912345 }, { key: "precision", value: null, reason: "no positive predictions" }],
        binary: { threshold: 0.5, positiveCount: 120, confusionMatrix: [[1800, 80], [40, 80]] },
        perClass: null,
        profile: { modelLoadMs: 12.34, singleRowLatencyMs: { p50: 0.1, p95: 0.2, p99: 0.3, runs: 500 }, rowsPerSecond: { batch1: 9000.4, batch64: 150000, batch1024: 400000 }, peakRssMb: 88.8, cpuSeconds: 1.234 },
      },
      others: [{ name: "october", sha256: "d".repeat(64), rowCount: 500, evaluationId: "e2", finishedAt: "2026-02-27T00:00:00.000Z", headline: { key: "roc_auc", value: 0.8 } }],
    },
    gates: {
      target: "PRODUCTION", status: "pending", policyRevision: 3, approvalsNeeded: 1, evidenceHash: "e".repeat(64),
      items: [
        { label: "Intake checks", status: "pass", detail: "all intake checks passed" },
        { label: "roc_auc ≥ 0.7", status: "pass", detail: "roc_auc 0.9123 ≥ 0.7" },
      ],
    },
    promotions: [{
      id: "p1", targetStage: "PRODUCTION", status: "PENDING", comment: "Ship it\nplease", requestedBy: "Sam Scientist", createdAt: "2026-02-28T10:00:00.000Z", closedAt: null, closedReason: null,
      approvals: [{ decision: "REJECT", approver: "Alex Approver", comment: "a | b\nsecond line <script>alert(1)</script> [x](javascript:alert(1))", createdAt: "2026-02-28T11:00:00.000Z" }],
    }],
    transitions: [
      { id: "t1", kind: "PROMOTION", role: "this", versionNumber: 2, previousNumber: null, fromStage: "DEVELOPMENT", toStage: "STAGING", reason: "try | it", actor: "Sam Scientist", createdAt: "2026-02-28T09:30:00.000Z", evidenceHash: "f".repeat(64) },
      { id: "t2", kind: "ROLLBACK", role: "replaced", versionNumber: 1, previousNumber: 2, fromStage: "ARCHIVED", toStage: "PRODUCTION", reason: "latency", actor: "Alex Approver", createdAt: "2026-03-01T09:00:00.000Z", evidenceHash: null },
    ],
    audit: { latest: { seq: "42", action: "stage.changed", at: "2026-02-28T09:30:00.000Z", hash: "9".repeat(64) }, trail: "/api/v1/audit?subject=v2" },
    ...over,
  };
}

/** Cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "").split(/(?<!\\)\|/).map((c) => c.trim());
}

function tableAfter(md: string, headerStart: string): string[][] {
  const lines = md.split("\n");
  const i = lines.findIndex((l) => l.startsWith(headerStart));
  expect(i, `table starting ${headerStart}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let j = i; j < lines.length && lines[j].startsWith("|"); j++) rows.push(cells(lines[j]));
  return rows;
}

function tables(md: string): string[][][] {
  const out: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of md.split("\n")) {
    if (line.startsWith("|")) (current ??= (out.push([]), out[out.length - 1])).push(cells(line));
    else current = null;
  }
  return out;
}

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe("markdown primitives", () => {
  it("escapes what could open Markdown or HTML, and folds newlines", () => {
    expect(mdText("a | b\nc <img src=x> *x* [l](u) `c` \\ & ! # ~ _")).toBe("a \\| b c \\<img src=x> \\*x\\* \\[l\\](u) \\`c\\` \\\\ & ! # \\~ \\_");
    // What opens nothing mid-line stays readable in the downloaded file.
    expect(mdText("roc_auc ≥ 0.7 > 0.6 & fine!")).toBe("roc_auc ≥ 0.7 > 0.6 & fine!");
    expect(mdText("_em_ &amp; &#60;")).toBe("\\_em\\_ \\&amp; \\&#60;");
    expect(html(mdText("<script>alert(1)</script> **bold**"))).toBe("<div class=\"markdown text-sm\"><p>&lt;script&gt;alert(1)&lt;/script&gt; **bold**</p></div>");
  });

  it("code spans outgrow the backticks inside and escape pipes in tables", () => {
    expect(mdCode("plain")).toBe("`plain`");
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
    expect(mdCode("a|b", { inTable: true })).toBe("`a\\|b`");
    expect(mdCode("line\nbreak")).toBe("`line break`");
    expect(mdCode("")).toBe("—");
  });

  it("fences outgrow the fences inside", () => {
    expect(mdFence("x\n```\ny\n````")).toBe("`````text\nx\n```\ny\n````\n`````");
    expect(mdFence("plain\r\n")).toBe("```text\nplain\n```");
  });

  it("closes a fence or an HTML block the description leaves open, and leaves closed ones alone", () => {
    expect(containMarkdown("Intro\n\n```python\nprint(1)")).toBe("Intro\n\n```python\nprint(1)\n```");
    expect(containMarkdown("~~~~\ncode\n~~~")).toBe("~~~~\ncode\n~~~\n~~~~");
    expect(containMarkdown("Hidden <!-- not a block")).toBe("Hidden <!-- not a block");
    expect(containMarkdown("<!-- open\ncomment")).toBe("<!-- open\ncomment\n-->");
    expect(containMarkdown("<!-- one line -->\ntext")).toBe("<!-- one line -->\ntext");
    expect(containMarkdown("<pre>\nx")).toBe("<pre>\nx\n</pre>");
    expect(containMarkdown("```\na\n```\n\n``inline`` text")).toBe("```\na\n```\n\n``inline`` text");
  });

  it("names the file after the model and version", () => {
    expect(filenameOf(card())).toBe("card-fraud-v2-model-card.md");
    expect(filenameOf(card({ model: { ...card().model, name: "Odd Name/../x" } }))).toBe("odd-name-..-x-v2-model-card.md");
  });
});

describe("renderModelCard", () => {
  const md = renderModelCard(card());

  it("has every section, in order, with the generated-at line and the audit reference", () => {
    const headings = md.split("\n").filter((l) => /^#{1,2} /.test(l));
    expect(headings).toEqual([
      "# Model card: card-fraud v2",
      "## Model",
      "## Version",
      "## Signature",
      "## Lineage",
      "## Metrics",
      "## Gates for production",
      "## Approvals and promotion history",
    ]);
    expect(md).toContain("*Generated 2026-03-01 10:20 UTC by Dana Exec (dana@example.test). Audit reference: event #42 (`stage.changed`, 2026-02-28 09:30 UTC), hash `" + "9".repeat(64) + "`; full trail: `/api/v1/audit?subject=v2`.*");
    expect(md.endsWith("\n")).toBe(true);
  });

  it("states the model, version, signature and lineage facts", () => {
    expect(md).toContain("- **Team:** Risk \\| Fraud (`risk`)");
    expect(md).toContain("- **Tags:** `payments`, `fraud`");
    expect(md).toContain("Scores **card** transactions.");
    expect(md).toContain(`- **Artifact:** sha256 \`${SHA}\`, 2.0 KB (2,048 bytes)`);
    expect(renderModelCard(card({ version: { ...card().version, artifactSize: 589 } }))).toContain(`- **Artifact:** sha256 \`${SHA}\`, 589 bytes\n`);
    expect(md).toContain("- **Uploaded:** 2026-02-28 09:00 UTC by Sam Scientist (sam@example.test)");
    expect(tableAfter(md, "| Name | Type | Shape | Read as |")).toEqual([
      ["Name", "Type", "Shape", "Read as"],
      ["---", "---", "---", "---"],
      ["`output_label`", "`int64`", "`[?]`", "predicted label"],
      ["`output_probability`", "`sequence<map<int64,float32>>`", "—", "class probabilities"],
    ]);
    expect(md).toContain("### Features (2, one matrix input `float_input`)");
    expect(tableAfter(md, "| # | Feature | Type |")[3]).toEqual(["2", "`odd\\|name`", "`float32`"]);
    expect(md).toContain("- **Positive class:** `1`");
    expect(md).toContain("- **Opsets:** `ai.onnx 17`, `ai.onnx.ml 3`");
    expect(tableAfter(md, "| Parameter | Value |").slice(2)).toEqual([["`C`", "`1`"], ["`solver`", "`lbfgs`"]]);
    // Notes are shown verbatim in a fence longer than the one they contain.
    expect(md).toContain("### Notes\n\n````text\nLine one\n```\nnot code\n```\nLine <b>three</b>\n````");
  });

  it("formats the metrics, the confusion matrix, the latency profile and the other datasets", () => {
    expect(tableAfter(md, "| Metric | Key | Value |").slice(2)).toEqual([
      ["ROC AUC", "`roc_auc`", "0.9123"],
      ["Precision", "`precision`", "undefined (no positive predictions)"],
    ]);
    expect(tableAfter(md, "| Actual \\ predicted |").slice(2)).toEqual([["negative (`0`)", "1,800", "80"], ["positive (`1`)", "40", "80"]]);
    const profile = Object.fromEntries(tableAfter(md, "| Measure | Value |").slice(2));
    expect(profile).toMatchObject({ "Single-row latency p95": "0.200 ms", "Throughput, batch of 1": "9,000 rows/s", "Model load": "12.3 ms", "Peak RSS": "88.8 MB", "CPU time": "1.23 s" });
    expect(md).toContain("- **october** (500 rows, sha256 `dddddddddddd`): ROC AUC 0.8000, evaluated 2026-02-27 00:00 UTC");
  });

  it("lists the production gates with the policy revision", () => {
    expect(md).toContain("Overall: **PENDING** as of this card. Policy revision 3; production also needs 1 approval");
    expect(tableAfter(md, "| Gate | Status | Detail |").slice(2)).toEqual([
      ["Intake checks", "PASS", "all intake checks passed"],
      ["roc_auc ≥ 0.7", "PASS", "roc_auc 0.9123 ≥ 0.7"],
    ]);
  });

  it("keeps every table row to its columns whatever the comments contain, and renders no HTML from them", () => {
    const decisions = tableAfter(md, "| When | Decision | Approver | Comment |");
    expect(decisions).toHaveLength(3);
    expect(decisions[2]).toEqual(["2026-02-28 11:00 UTC", "Reject", "Alex Approver", "a \\| b second line \\<script>alert(1)\\</script> \\[x\\](javascript:alert(1))"]);
    const transitions = tableAfter(md, "| When | Event | Stages |");
    expect(transitions.slice(2).map((r) => r.length)).toEqual([6, 6]);
    expect(transitions[2]).toEqual(["2026-02-28 09:30 UTC", "Promoted", "Development → Staging", "try \\| it", "Sam Scientist", "`ffffffffffffffff`"]);
    expect(transitions[3]).toEqual(["2026-03-01 09:00 UTC", "Rolled back to v1", "Production → Archived", "latency", "Alex Approver", "—"]);
    expect(md).toContain("- **Comment:** Ship it please");
    expect(tables(md)).toHaveLength(10);
    for (const table of tables(md)) for (const row of table) expect(row.length, table[0].join(" | ")).toBe(table[0].length);
    const rendered = html(md);
    expect(rendered).not.toMatch(/<script|<b>|href="javascript/i);
  });

  it("keeps the sections after a description that leaves a fence open", () => {
    const broken = renderModelCard(card({ model: { ...card().model, description: "# Fraud model\n\n```\nunterminated" } }));
    const rendered = html(broken);
    expect(rendered).toContain("<h2>Version</h2>");
    expect(rendered).toContain("<h2>Approvals and promotion history</h2>");
    expect(rendered).toContain("<code>unterminated\n</code>");
  });

  it("says what is missing when there is no signature, evaluation or history", () => {
    const bare = renderModelCard(card({
      signature: null, features: null, labelClasses: [], positiveClass: null,
      lineage: { trainingDataRef: null, gitCommit: null, notes: null, params: [] },
      evaluation: { dataset: { name: "holdout", sha256: "c".repeat(64), rowCount: 10 }, run: null, others: [] },
      promotions: [], transitions: [], audit: { latest: null, trail: "/api/v1/audit?subject=v2" },
      model: { ...card().model, description: "  ", tags: [] },
    }));
    expect(bare).toContain("*No description.*");
    expect(bare).toContain("*Not read yet: the signature appears once intake has read the ONNX graph.*");
    expect(bare).toContain("- **Training data:** not given");
    expect(bare).toContain("*Not evaluated yet on the default evaluation dataset holdout (10 rows, sha256 `cccccccccccc`).*");
    expect(bare).toContain("*No promotion was requested for this version.*");
    expect(bare).toContain("*This version has not changed stage through a promotion or a rollback.*");
    expect(bare).toContain("Audit reference: no audit event names this version yet");
    expect(bare).not.toContain("- **Tags:**");
    expect(bare).not.toContain("### Parameters");
  });
});
