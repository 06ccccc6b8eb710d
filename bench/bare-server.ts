// The references for `npm run bench -- serve`, started by bench/serve.ts with --import tsx and
// configured through BARE_* environment variables:
//  - bare: node:http, JSON in, one onnxruntime run with the same options as serve, the score out. No
//    auth, no rate limit, no validation, no registry, no ids, no logging;
//  - with BARE_MODEL_ID and BARE_VERSION_ID, bare + serve's own prediction logging: every prediction
//    gets a UUIDv7 id and is written to prediction_logs through the same writer and COPY sink serve uses.
import http from "node:http";
import * as ort from "onnxruntime-node";
import { createPredictionLogSink } from "@/lib/serving/create-prediction-log-sink";
import { createPredictionLogWriter } from "@/lib/serving/create-prediction-log-writer";
import { newPredictionId } from "@/lib/serving/prediction-id";

async function main() {
  const features = JSON.parse(process.env.BARE_FEATURES!) as string[];
  const input = process.env.BARE_INPUT!;
  const modelId = process.env.BARE_MODEL_ID;
  const versionId = process.env.BARE_VERSION_ID;
  const session = await ort.InferenceSession.create(process.env.BARE_MODEL!, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all" });
  const sink = modelId && versionId ? createPredictionLogSink() : null;
  const logs = sink ? createPredictionLogWriter({ insert: (chunks) => sink.insert(chunks) }) : null;
  const server = http.createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-length": "2" });
      res.end("ok");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const rows = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { rows: Record<string, number>[] }).rows;
      const data = new Float32Array(rows.length * features.length);
      rows.forEach((r, i) => features.forEach((f, j) => (data[i * features.length + j] = r[f])));
      const t0 = performance.now();
      const out = await session.run({ [input]: new ort.Tensor("float32", data, [rows.length, features.length]) }, ["probabilities"]);
      const latencyMs = performance.now() - t0;
      const p = out.probabilities.data as Float32Array;
      const at = Date.now();
      const predictions = rows.map((row, i) => {
        const score = p[i * 2 + 1];
        if (!logs) return { score };
        const id = newPredictionId(at);
        logs.add({ id, modelId: modelId!, versionId: versionId!, role: "CHAMPION", served: true, shadowOfId: null, tokenId: null, input: row, output: { score }, latencyMs, at });
        return { id, score };
      });
      const text = JSON.stringify({ predictions });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.BARE_PORT), "127.0.0.1");
  process.on("SIGTERM", () => {
    server.close();
    void (logs?.close() ?? Promise.resolve()).then(() => sink?.close()).then(() => process.exit(0));
  });
}

void main();
