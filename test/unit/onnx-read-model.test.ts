import fs from "node:fs";
import path from "node:path";
import { onnx } from "onnx-proto";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { buildLogisticClassifier } from "@/lib/onnx/build/logistic-classifier";
import { createRng } from "@/lib/onnx/demo/prng";
import { isOnnxFormatError, OnnxFormatError } from "@/lib/onnx/onnx-format-error";
import { readModel } from "@/lib/onnx/read-model";

const FIXTURES = path.join(__dirname, "..", "fixtures", "models");
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const bytesOf = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

function formatError(bytes: Uint8Array): OnnxFormatError {
  try {
    readModel(bytes);
  } catch (e) {
    if (isOnnxFormatError(e)) return e;
    throw e;
  }
  throw new Error("readModel accepted the bytes");
}

describe("readModel", () => {
  it("decodes a model built with onnx-proto", () => {
    const model = readModel(buildLogisticClassifier({ coefficients: [1, 2], intercept: 0, featureNames: ["a", "b"], classLabels: [0, 1], zipmap: true, style: "ml-linear" }));
    expect(model.graph?.node?.map((n) => n.opType)).toEqual(["LinearClassifier", "Cast", "ZipMap"]);
    expect(Number(model.irVersion)).toBe(8);
  });

  it("decodes the committed classifier fixture", () => {
    expect(readModel(fixture("classifier-zipmap.onnx")).producerName).toBe("skl2onnx");
  });

  it("refuses an empty file", () => {
    const e = formatError(new Uint8Array());
    expect(e.message).toBe("empty file");
    expect(e.reason).toBe("empty");
  });

  it.each([
    ["png-renamed fixture", fixture("png-renamed.onnx"), /^not an ONNX model \(file starts with the signature of .*PNG/],
    ["JPEG", bytesOf([0xff, 0xd8, 0xff, 0xe0], "\u0000\u0010JFIF"), /JPEG/],
    ["ZIP (PyTorch .pt, Keras)", bytesOf("PK\u0003\u0004", [20, 0, 0, 0, 8, 0]), /ZIP archive.*PyTorch/],
    ["PDF", bytesOf("%PDF-1.7\n%âãÏÓ"), /PDF/],
    ["gzip", bytesOf([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), /gzip/],
    ["HDF5", bytesOf([0x89], "HDF\r\n\u001a\n", [0, 0, 0, 0]), /HDF5/],
    ["JSON", bytesOf('{"model": "not really"}'), /JSON/],
  ])("names a %s file", (_name, bytes, message) => {
    const e = formatError(bytes);
    expect(e.reason).toBe("not_onnx");
    expect(e.message).toMatch(message);
  });

  it("says a CSV renamed .onnx is plain text", () => {
    expect(formatError(bytesOf("amount,hour,label\n12.5,3,0\n99.1,22,1\n")).message).toBe("not an ONNX model (the file is plain text)");
  });

  it("reports a truncated file with protobuf's reason", () => {
    const e = formatError(fixture("truncated.onnx"));
    expect(e.reason).toBe("corrupt");
    expect(e.message).toMatch(/^truncated or corrupt ONNX file: .+/);
  });

  it("never accepts random bytes as a model", () => {
    const rng = createRng(7);
    for (let k = 0; k < 300; k++) {
      const bytes = Uint8Array.from({ length: 16 + rng.int(2000) }, () => rng.int(256));
      expect(() => readModel(bytes)).toThrow(OnnxFormatError);
    }
  });

  it("refuses a model without a graph or without outputs", () => {
    const noGraph = onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: "", version: 17 }] }).finish();
    expect(formatError(noGraph).message).toBe("ONNX file has no graph");
    const noOutputs = onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: "", version: 17 }], graph: { name: "g", node: [{ opType: "Relu", input: ["x"], output: ["y"] }] } }).finish();
    expect(formatError(noOutputs).message).toBe("ONNX graph has no outputs");
  });

  it("refuses an IR version of zero", () => {
    const bytes = onnx.ModelProto.encode({ producerName: "x", graph: { name: "g", output: [{ name: "y" }] } }).finish();
    expect(formatError(bytes).message).toMatch(/ir_version 0/);
  });

  it("is an unprocessable AppError, so the API maps it to 422", () => {
    const e = formatError(new Uint8Array());
    expect(isAppError(e)).toBe(true);
    expect(e.status).toBe(422);
  });
});
