import type { TIntakeCheckKey } from "@/lib/onnx/types";

/**
 * The intake checklist, in the order the sandbox runs it. Keys are stored on IntakeCheck rows and
 * must never be renamed; labels are what the version page shows. Cheap structural checks come
 * first so that a bad file fails before onnxruntime ever loads it.
 */
export const INTAKE_CHECKS: readonly { key: TIntakeCheckKey; label: string }[] = [
  { key: "format", label: "Valid ONNX file" },
  { key: "external_data", label: "No external data" },
  { key: "operators", label: "Standard operators only" },
  { key: "signature", label: "Signature readable, inputs feedable" },
  { key: "scorable", label: "Outputs readable by the runtime" },
  { key: "session", label: "Runtime session created" },
  { key: "smoke", label: "Smoke inference" },
  { key: "features", label: "Declared features match inputs" },
] as const;

export function intakeCheckLabel(key: TIntakeCheckKey): string {
  return INTAKE_CHECKS.find((c) => c.key === key)?.label ?? key;
}
