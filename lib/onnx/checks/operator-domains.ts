import type { onnx } from "onnx-proto";
import { allNodes } from "@/lib/onnx/proto";
import type { TCheckOutcome } from "@/lib/onnx/types";

// The default ONNX domain ("" and its alias "ai.onnx") and the traditional-ML domain, which is what
// scikit-learn, XGBoost, LightGBM and PyTorch exports of tabular models use. Anything else needs a
// custom-op library loaded into onnxruntime, i.e. native code we would have to trust.
export const ALLOWED_OPERATOR_DOMAINS = ["", "ai.onnx", "ai.onnx.ml"] as const;

/** Fails naming each custom operator domain the model's nodes use, with the op types seen in it. */
export function checkOperatorDomains(model: onnx.IModelProto): TCheckOutcome {
  const allowed = new Set<string>(ALLOWED_OPERATOR_DOMAINS);
  const custom = new Map<string, Set<string>>();
  for (const n of allNodes(model)) {
    const domain = n.domain ?? "";
    if (allowed.has(domain)) continue;
    if (!custom.has(domain)) custom.set(domain, new Set());
    custom.get(domain)!.add(n.opType ?? "?");
  }
  if (custom.size === 0) return { ok: true, message: "only standard ONNX and ONNX-ML operators are used", value: undefined };
  const parts = [...custom].map(([domain, ops]) => `${domain} (${[...ops].sort().join(", ")})`);
  return {
    ok: false,
    message: `the model uses operators from custom domain${custom.size > 1 ? "s" : ""} ${parts.join("; ")}; only the standard domains ai.onnx and ai.onnx.ml are allowed`,
    details: { domains: Object.fromEntries([...custom].map(([d, ops]) => [d, [...ops].sort()])) },
  };
}
