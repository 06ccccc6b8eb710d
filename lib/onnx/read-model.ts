import { onnx } from "onnx-proto";
import { sniffNonOnnx } from "@/lib/storage/sniff-file-type";
import { OnnxFormatError } from "@/lib/onnx/onnx-format-error";
import { toNumber } from "@/lib/onnx/proto";

// Newest IR version is 11 (ONNX 1.18); the bound leaves room for future releases while still
// rejecting the huge numbers that random bytes decode to.
const MAX_IR_VERSION = 64;

/**
 * Decodes an ONNX ModelProto, or throws OnnxFormatError saying why the bytes are not one.
 *
 * ONNX has no magic number and protobuf decoding is lenient: many non-ONNX files "decode" into a
 * message full of unknown fields. So common other formats are recognised first by their signature,
 * and a decoded message must also look like a model (IR version, opsets, a graph with outputs).
 */
export function readModel(bytes: Uint8Array): onnx.ModelProto {
  if (bytes.length === 0) throw new OnnxFormatError("empty", "empty file");

  const kind = sniffNonOnnx(bytes.subarray(0, 64));
  if (kind) throw new OnnxFormatError("not_onnx", `not an ONNX model (file starts with the signature of ${kind})`);
  if (looksLikeText(bytes)) throw new OnnxFormatError("not_onnx", "not an ONNX model (the file is plain text)");

  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new OnnxFormatError("corrupt", `truncated or corrupt ONNX file: ${reason}`, { cause: e });
  }

  const irVersion = toNumber(model.irVersion);
  if (irVersion <= 0 || irVersion > MAX_IR_VERSION) {
    throw new OnnxFormatError("invalid", `not an ONNX model (ir_version ${irVersion} is not a valid ONNX IR version)`);
  }
  const graph = model.graph;
  if (!graph) throw new OnnxFormatError("no_graph", "ONNX file has no graph");
  if (irVersion >= 3 && (model.opsetImport?.length ?? 0) === 0) {
    throw new OnnxFormatError("invalid", "not a valid ONNX model (no opset_import although ir_version is 3 or later)");
  }
  const outputs = graph.output ?? [];
  if (outputs.length === 0) throw new OnnxFormatError("no_graph", "ONNX graph has no outputs");
  if (outputs.some((o) => !o.name) || (graph.input ?? []).some((i) => !i.name)) {
    throw new OnnxFormatError("invalid", "not a valid ONNX model (a graph input or output has no name)");
  }
  const nodes = graph.node ?? [];
  if (nodes.some((n) => !n.opType)) throw new OnnxFormatError("invalid", "not a valid ONNX model (a node has no op_type)");
  if (nodes.length === 0) {
    // A graph without nodes can only pass inputs or constants through; anything else is garbage.
    const known = new Set([...(graph.input ?? []).map((i) => i.name), ...(graph.initializer ?? []).map((t) => t.name)]);
    if (!outputs.every((o) => known.has(o.name))) throw new OnnxFormatError("no_graph", "ONNX graph has no nodes");
  }
  return model;
}

// A protobuf ModelProto starts with a field tag (0x08 for ir_version), never with printable text;
// CSV, YAML or a README renamed to .onnx does.
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 512);
  let printable = 0;
  for (const b of head) {
    if (b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f) || b >= 0xc2) printable++;
  }
  return head.length >= 16 && printable === head.length && head[0] >= 0x20;
}
