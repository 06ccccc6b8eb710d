import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import type { TCallerCache } from "@/lib/serving/create-caller-cache";
import type { TPredictionService } from "@/lib/serving/create-prediction-service";
import type { TRateLimiter } from "@/lib/serving/create-rate-limiter";
import { INTERNAL_AUTH_HEADER } from "@/lib/serving/internal-auth";
import { parseJsonBody } from "@/lib/serving/parse-json-body";
import { readBody, sendError, sendJson } from "@/serve/http";
import type { TRoute } from "@/serve/router";

type TDeps = { callers: TCallerCache; limiter: TRateLimiter; service: TPredictionService; maxBodyBytes: number };

// POST /v1/models/{team}/{model}[/versions/{n}]/predict: authenticate (token or the web's internal
// header) → rate limit (one Redis round trip, overlapping the body read) → parse → one lib call → JSON.
export function createPredictHandler(deps: TDeps) {
  return async (req: IncomingMessage, res: ServerResponse, route: Extract<TRoute, { kind: "predict" }>): Promise<void> => {
    try {
      const internal = req.headers[INTERNAL_AUTH_HEADER];
      const caller = await deps.callers.authenticate({ authorization: req.headers.authorization, internal: Array.isArray(internal) ? internal[0] : internal });
      // Both start before either is awaited; take() never rejects, so a refused body cannot leave it unhandled.
      const taking = deps.limiter.take(caller.rateSubject, caller.ratePerSecond);
      const text = await readBody(req, deps.maxBodyBytes);
      const decision = await taking;
      if (!decision.allowed) {
        throw new AppError("rate_limited", `More than ${decision.limit} requests per second for this ${caller.kind === "token" ? "token" : "user"}; retry after ${decision.retryAfterSeconds} s`, { retryAfterSeconds: decision.retryAfterSeconds });
      }
      const { response, afterResponse } = await deps.service.predict({ caller, teamSlug: route.team, modelName: route.model, target: route.target, body: parseJsonBody(text) });
      sendJson(res, 200, response, { "X-Modelgate-Version": String(response.version.number), "X-Modelgate-Prediction-Role": response.role });
      afterResponse?.();
    } catch (e) {
      sendError(res, e);
    }
  };
}
