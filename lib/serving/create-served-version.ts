import type { InferenceSession, Tensor } from "onnxruntime-node";
import { createFeedBuilder, type TFeedBuilder } from "@/lib/evaluation/feed-builder";
import { createScoreReader, type TScoreReader } from "@/lib/evaluation/score-reader";
import { unprocessable } from "@/lib/errors";
import type { Stage } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import type { TPredictionOutput, TServingSpec, TValidRow } from "@/lib/serving/types";

/**
 * One loaded version: its onnxruntime session and how to read it, shared by every request that this
 * version answers. Requests take a reference (acquire) for as long as they use it; once the version
 * stops serving (retire), the session is released when the last in-flight request lets go, so a
 * swap never pulls a session from under a request.
 */
export type TServedVersion = {
  readonly spec: TServingSpec;
  /** The stage as last read from the database (a refresh updates it). */
  stage: Stage;
  readonly inflight: number;
  readonly retired: boolean;
  /** Takes a reference; false when the version was retired and its session is gone or going. */
  acquire(): boolean;
  release(): void;
  retire(): void;
  /** Scores validated rows: one onnxruntime run for the whole request. */
  score(rows: TValidRow[]): Promise<{ outputs: TPredictionOutput[]; latencyMs: number }>;
};

const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  // One request's rows are few: a thread pool per session would cost more than it saves, and the
  // replica's cores belong to concurrent requests.
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: "sequential",
  graphOptimizationLevel: "all",
  logSeverityLevel: 3,
};

// Requests of up to POOLED_ROWS rows (nearly all online traffic) fill a pooled builder; larger ones
// get their own. MAX_POOLED bounds the builders kept per version (one per request in flight at once).
const POOLED_ROWS = 64;
const MAX_POOLED = 64;

export async function createServedVersion(spec: TServingSpec, stage: Stage): Promise<TServedVersion> {
  const ort = await import("onnxruntime-node");
  const labelsOnly = spec.task !== "regression" && !spec.outputs.probabilities;
  let reader: TScoreReader | null = null;
  if (!labelsOnly) {
    try {
      reader = createScoreReader(spec, 64);
    } catch (e) {
      throw unprocessable(`v${spec.number} cannot be served: ${(e as Error).message}`);
    }
  }
  const fetch = reader ? reader.output : spec.outputs.label;
  if (!fetch) throw unprocessable(`v${spec.number} cannot be served: the model has neither a probability nor a label output`);
  const session = await ort.InferenceSession.create(spec.modelPath, SESSION_OPTIONS);
  const decode = reader ? decoder(spec, reader) : labelDecoder(fetch);

  // Feed builders are reused: a typed array (and its backing store) per request was a visible share
  // of serve's CPU and garbage. onnxruntime-node reads the feeds when the run starts (in a later
  // setImmediate), so a builder returns to the pool only once its run has finished.
  const pool: TFeedBuilder[] = [];
  const featureNames = spec.features.map((f) => f.name);
  const fetches = [fetch];
  const run = async (rows: TValidRow[]) => {
    const pooled = rows.length <= POOLED_ROWS;
    const builder = (pooled ? pool.pop() : undefined) ?? createFeedBuilder(ort, spec.featureSchema, spec.inputTypes, pooled ? POOLED_ROWS : rows.length);
    try {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        for (let j = 0; j < featureNames.length; j++) builder.set(i, j, row[featureNames[j]]);
      }
      return decode(await session.run(builder.feeds(rows.length), fetches), rows.length);
    } finally {
      if (pooled && pool.length < MAX_POOLED) pool.push(builder);
    }
  };
  await warmUp(spec, run);

  let inflight = 0;
  let retired = false;
  let released = false;
  const releaseSession = () => {
    if (released) return;
    released = true;
    session.release().catch((err: unknown) => logger.warn("could not release an onnxruntime session", { versionId: spec.versionId, err }));
  };
  return {
    spec,
    stage,
    get inflight() {
      return inflight;
    },
    get retired() {
      return retired;
    },
    acquire() {
      if (released) return false;
      inflight++;
      return true;
    },
    release() {
      inflight--;
      if (retired && inflight === 0) releaseSession();
    },
    retire() {
      retired = true;
      if (inflight === 0) releaseSession();
    },
    async score(rows) {
      const t0 = performance.now();
      const outputs = await run(rows);
      return { outputs, latencyMs: performance.now() - t0 };
    },
  };
}

// onnxruntime allocates on its first run; doing it here keeps that off the first request's latency.
// A model that cannot score a row of zeros may still score real rows, so a failure is only logged.
async function warmUp(spec: TServingSpec, run: (rows: TValidRow[]) => Promise<unknown>): Promise<void> {
  const row: TValidRow = {};
  for (const f of spec.features) row[f.name] = f.kind === "string" ? "" : 0;
  try {
    await run([row]);
  } catch (err) {
    logger.warn("warm-up run failed; the version is served anyway", { versionId: spec.versionId, err });
  }
}

type TDecode = (out: InferenceSession.ReturnType, rows: number) => TPredictionOutput[];

// Per-row answers from the scores the shared reader gives: binary label at the version's threshold,
// score = P(positive) and both class probabilities; multiclass argmax label and probabilities;
// regression value.
function decoder(spec: TServingSpec, reader: TScoreReader): TDecode {
  const classes = reader.classLabels;
  if (spec.task === "binary") {
    const positive = classes[reader.positive];
    const negative = classes[1 - reader.positive];
    const positiveFirst = reader.positive === 0;
    return (out, rows) => {
      const scores = reader.read(out, rows);
      const result: TPredictionOutput[] = new Array(rows);
      for (let i = 0; i < rows; i++) {
        const p = scores[i];
        const probabilities = positiveFirst ? { [positive]: p, [negative]: 1 - p } : { [negative]: 1 - p, [positive]: p };
        result[i] = { label: p >= spec.threshold ? positive : negative, score: p, probabilities };
      }
      return result;
    };
  }
  if (spec.task === "multiclass") {
    const k = classes.length;
    return (out, rows) => {
      const scores = reader.read(out, rows);
      if (scores.length !== rows * k) throw new Error(`the model returned ${scores.length / rows} probabilities per row for ${k} classes`);
      const result: TPredictionOutput[] = new Array(rows);
      for (let i = 0; i < rows; i++) {
        const probabilities: Record<string, number> = {};
        let best = 0;
        for (let c = 0; c < k; c++) {
          const p = scores[i * k + c];
          probabilities[classes[c]] = p;
          if (p > scores[i * k + best]) best = c;
        }
        result[i] = { label: classes[best], probabilities };
      }
      return result;
    };
  }
  return (out, rows) => {
    const values = reader.read(out, rows);
    const result: TPredictionOutput[] = new Array(rows);
    for (let i = 0; i < rows; i++) result[i] = { value: values[i] };
    return result;
  };
}

// A classifier without probabilities (intake notes it): the label the model gives, as text.
function labelDecoder(output: string): TDecode {
  return (out, rows) => {
    const data = (out[output] as Tensor).data as ArrayLike<number | bigint | string>;
    return Array.from({ length: rows }, (_, i) => ({ label: String(data[i]) }));
  };
}
