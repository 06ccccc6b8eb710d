// A third reference for `npm run bench -- serve`: the bare server (node:http, JSON in, one
// onnxruntime run, the score out) plus serve's own prediction logging: every prediction written to
// prediction_logs through the same writer and COPY sink serve uses, with a UUIDv7 id, the input and
// the output. No auth, no rate limit, no validation, no registry. Started by bench/serve.ts with
// --import tsx; configured through BARE_* environment variables.
import http from "node:http";
import * as ort from "onnxruntime-node";
import { createPredictionLogSink } from "@/lib/serving/create-prediction-log-sink";
import { createPredictionLogWriter } from "@/lib/serving/create-prediction-log-writer";
import { newPredictionId } from "@/lib/serving/prediction-id";

async function main() {
  const features = JSON.parse(process.env.BARE_FEATURES!) as string[];
  const input = process.env.BARE_INPUT!;
  const modelId = process.env.BARE_MODEL_ID!;
  const versionId = process.env.BARE_VERSION_ID!;
  const session = await ort.InferenceSession.create(process.env.BARE_MODEL!, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all" });
  const sink = createPredictionLogSink();
  const logs = createPredictionLogWriter({ insert: (chunks) => sink.insert(chunks) });
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
        const id = newPredictionId(at);
        const score = p[i * 2 + 1];
        logs.add({ id, modelId, versionId, role: "CHAMPION", served: true, shadowOfId: null, tokenId: null, input: row, output: { score }, latencyMs, at });
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
    void logs.close().then(() => sink.close()).then(() => process.exit(0));
  });
}

void main();
