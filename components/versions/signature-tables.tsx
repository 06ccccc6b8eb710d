import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { TFeatureSchemaDto } from "@/lib/versions/get-version";
import type { TSignature } from "@/lib/onnx/types";

type TTensor = TSignature["inputs"][number];

function shapeText(t: TTensor): string {
  if (!t.isTensor) return "—";
  if (!t.shapeKnown) return "unknown";
  return `[${t.shape.map((d) => (d === null ? "?" : String(d))).join(", ")}]`;
}

function TensorTable({ caption, tensors, usage }: { caption: string; tensors: TTensor[]; usage?: Record<string, string> }) {
  return (
    <Table aria-label={caption}>
      <THead>
        <TR><TH>{caption}</TH><TH>Type</TH><TH>Shape</TH>{usage ? <TH>Read as</TH> : null}</TR>
      </THead>
      <TBody>
        {tensors.map((t) => (
          <TR key={t.name}>
            <TD className="font-mono text-xs">{t.name}</TD>
            <TD className="font-mono text-xs">{t.elemType}</TD>
            <TD className="font-mono text-xs">{shapeText(t)}</TD>
            {usage ? <TD className="text-sm text-muted-foreground">{usage[t.name] ?? "—"}</TD> : null}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

export function SignatureTables({ signature, featureSchema }: { signature: TSignature; featureSchema: TFeatureSchemaDto | null }) {
  const usage: Record<string, string> = {};
  const outs = featureSchema?.outputs;
  if (outs?.label) usage[outs.label] = "predicted label";
  if (outs?.probabilities) {
    usage[outs.probabilities] = outs.probabilityColumns === "positive" ? "probability of the positive class" : "class probabilities";
    // A ZipMap output is read through the scoring graph, which exposes the tensor feeding it.
    if (!signature.outputs.some((o) => o.name === outs.probabilities)) {
      for (const o of signature.outputs) if (!o.isTensor) usage[o.name] = `class probabilities (read from '${outs.probabilities}' in the scoring graph)`;
    }
  }
  if (outs?.value) usage[outs.value] = "predicted value";
  return (
    <div className="space-y-5">
      <TensorTable caption="Inputs" tensors={signature.inputs} />
      <TensorTable caption="Outputs" tensors={signature.outputs} usage={usage} />
      {featureSchema ? (
        <div>
          <h3 className="mb-2 text-sm font-medium">Features ({featureSchema.features.length}, {featureSchema.layout === "matrix" ? `one matrix input${featureSchema.inputName ? ` '${featureSchema.inputName}'` : ""}` : "one input per feature"})</h3>
          <div className="flex flex-wrap gap-1.5">
            {featureSchema.features.map((f) => <Badge key={f.name} variant="outline" className="font-mono">{f.name}<span className="text-muted-foreground">: {f.type}</span></Badge>)}
          </div>
          {featureSchema.labelClasses?.length ? (
            <p className="mt-3 text-sm text-muted-foreground">
              Label classes: <span className="font-mono">{featureSchema.labelClasses.join(", ")}</span>
              {featureSchema.positiveClass ? <> · positive class <span className="font-mono">{featureSchema.positiveClass}</span></> : null}
            </p>
          ) : null}
        </div>
      ) : null}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <div><dt className="text-muted-foreground">Producer</dt><dd>{signature.producerName || "—"} {signature.producerVersion}</dd></div>
        <div><dt className="text-muted-foreground">IR version</dt><dd>{signature.irVersion}</dd></div>
        <div><dt className="text-muted-foreground">Opsets</dt><dd className="font-mono text-xs">{signature.opsetImports.map((o) => `${o.domain || "ai.onnx"} ${o.version}`).join(", ")}</dd></div>
        <div><dt className="text-muted-foreground">Graph</dt><dd>{signature.nodeCount} nodes, {signature.initializerCount} initializers</dd></div>
        {Object.keys(signature.metadataProps ?? {}).length ? (
          <div className="sm:col-span-2"><dt className="text-muted-foreground">Metadata</dt>
            <dd className="font-mono text-xs break-all">{Object.entries(signature.metadataProps).map(([k, val]) => <div key={k}>{k} = {val}</div>)}</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
