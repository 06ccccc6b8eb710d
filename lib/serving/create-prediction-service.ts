import { notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { authorizePredict } from "@/lib/serving/authorize-predict";
import type { TCaller } from "@/lib/serving/create-caller-cache";
import type { TModelEntry, TModelRegistry } from "@/lib/serving/create-model-registry";
import type { TPredictionLogWriter } from "@/lib/serving/create-prediction-log-writer";
import { newPredictionId } from "@/lib/serving/prediction-id";
import type { TServedVersion } from "@/lib/serving/create-served-version";
import type { TPrediction, TPredictionOutput, TPredictResponse, TPredictionRole, TValidRow } from "@/lib/serving/types";
import { validateRows } from "@/lib/serving/validate-rows";

export type TPredictRequest = {
  caller: TCaller;
  teamSlug: string;
  modelName: string;
  /** Production by default; `?stage=staging`; or a version number from `/versions/{n}/predict`. */
  target: "PRODUCTION" | "STAGING" | number;
  body: unknown;
};

export type TPredictResult = {
  response: TPredictResponse;
  /** Work that must not delay the answer (the shadow challenger): call it once the response is written; it defers itself. */
  afterResponse: (() => void) | null;
};

export type TPredictionService = {
  /** Throws AppError: 400/413 bad rows, 403/404 access, 409 no such role, 503 loading failures. */
  predict(req: TPredictRequest): Promise<TPredictResult>;
  /** Waits for shadow scoring still running (shutdown). */
  drain(): Promise<void>;
  stats(): { shadowRunning: number; shadowSkipped: number; challengerMismatches: number };
};

type TDeps = { registry: TModelRegistry; logs: TPredictionLogWriter; maxRows: number; random?: () => number; maxShadowRunning?: number };

const WARN_EVERY_MS = 10_000;

/**
 * One predict request, start to end: access, the version that answers (resolved and referenced once,
 * so the whole response comes from it), validation against that version's features, one
 * onnxruntime run, prediction ids, and the sampled prediction logs. With a challenger:
 *  - CANARY: a `canaryShare` of production requests is answered by the challenger instead;
 *  - SHADOW: the champion answers; after the response the challenger scores the sampled rows and
 *    its predictions are logged with served=false and the champion row's id as shadowOfId.
 * A challenger whose features differ from the rows sent never costs the caller an error: the
 * champion answers (canary) or the shadow run is skipped, and both are counted.
 */
export function createPredictionService(deps: TDeps): TPredictionService {
  const random = deps.random ?? Math.random;
  const maxShadow = deps.maxShadowRunning ?? 64;
  const shadowRuns = new Set<Promise<void>>();
  const counters = { shadowSkipped: 0, challengerMismatches: 0 };
  let lastWarning = 0;
  const warn = (msg: string, fields: Record<string, unknown>) => {
    const now = Date.now();
    if (now - lastWarning < WARN_EVERY_MS) return;
    lastWarning = now;
    logger.warn(msg, { ...fields, ...counters });
  };

  async function leaseChallenger(entry: TModelEntry): Promise<TServedVersion | null> {
    try {
      return await deps.registry.lease(entry, "CHALLENGER");
    } catch (err) {
      warn("the challenger could not be loaded; the champion answers alone", { modelId: entry.model.id, err });
      return null;
    }
  }

  function fits(rows: TValidRow[], version: TServedVersion): boolean {
    try {
      validateRows({ rows }, version.spec.features, Number.MAX_SAFE_INTEGER);
      return true;
    } catch {
      counters.challengerMismatches++;
      return false;
    }
  }

  function log(version: TServedVersion, role: "CHAMPION" | "CHALLENGER", served: boolean, caller: TCaller, id: string, shadowOfId: string | null, input: TValidRow, output: TPredictionOutput, latencyMs: number, at: number) {
    deps.logs.add({ id, modelId: version.spec.modelId, versionId: version.spec.versionId, role, served, shadowOfId, tokenId: caller.tokenId, input, output, latencyMs, at });
  }

  async function shadow(entry: TModelEntry, caller: TCaller, rows: TValidRow[], championIds: string[]): Promise<void> {
    const challenger = await leaseChallenger(entry);
    if (!challenger) return;
    try {
      if (!fits(rows, challenger)) {
        warn("shadow scoring skipped: the challenger takes other features than the rows sent", { modelId: entry.model.id, versionId: challenger.spec.versionId });
        return;
      }
      const { outputs, latencyMs } = await challenger.score(rows);
      const at = Date.now();
      for (let i = 0; i < rows.length; i++) log(challenger, "CHALLENGER", false, caller, newPredictionId(at), championIds[i], rows[i], outputs[i], latencyMs, at);
    } catch (err) {
      warn("shadow scoring failed", { modelId: entry.model.id, versionId: challenger.spec.versionId, err });
    } finally {
      challenger.release();
    }
  }

  return {
    async predict(req) {
      const teamId = authorizePredict(req.caller, req.teamSlug);
      const entry = await deps.registry.model(req.teamSlug, req.modelName);
      if (entry.model.teamId !== teamId) throw notFound("Model");
      // Read once: a refresh may replace the roles while this request runs.
      const roles = entry.roles;
      const challenger = req.target === "PRODUCTION" ? roles.challenger : null;
      let version = await deps.registry.lease(entry, req.target);
      let role: TPredictionRole = "champion";
      try {
        const rows = validateRows(req.body, version.spec.features, deps.maxRows);
        if (challenger?.mode === "CANARY" && random() < challenger.canaryShare) {
          const other = await leaseChallenger(entry);
          if (other && fits(rows, other)) {
            version.release();
            version = other;
            role = "challenger";
          } else other?.release();
        }
        const { outputs, latencyMs } = await version.score(rows);
        const predictions: TPrediction[] = new Array(rows.length);
        const sampled: number[] = [];
        const rate = roles.sampleRate;
        const logRole = role === "challenger" ? "CHALLENGER" : "CHAMPION";
        const at = Date.now();
        for (let i = 0; i < rows.length; i++) {
          const id = newPredictionId(at);
          predictions[i] = { id, ...outputs[i] };
          if (rate >= 1 || (rate > 0 && random() < rate)) {
            sampled.push(i);
            log(version, logRole, true, req.caller, id, null, rows[i], outputs[i], latencyMs, at);
          }
        }
        let afterResponse: (() => void) | null = null;
        if (challenger?.mode === "SHADOW" && sampled.length > 0) {
          if (shadowRuns.size >= maxShadow) counters.shadowSkipped++;
          else {
            const shadowRows = sampled.map((i) => rows[i]);
            const ids = sampled.map((i) => predictions[i].id);
            afterResponse = () => {
              // Counted from now, so drain() waits for it; scored once the response has been written.
              const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => shadow(entry, req.caller, shadowRows, ids));
              shadowRuns.add(run);
              void run.finally(() => shadowRuns.delete(run));
            };
          }
        }
        const response: TPredictResponse = {
          model: { team: entry.model.teamSlug, name: entry.model.name },
          version: { number: version.spec.number, stage: version.stage, id: version.spec.versionId },
          role,
          predictions,
        };
        return { response, afterResponse };
      } finally {
        version.release();
      }
    },

    async drain() {
      while (shadowRuns.size) await Promise.allSettled([...shadowRuns]);
    },

    stats: () => ({ shadowRunning: shadowRuns.size, ...counters }),
  };
}
