// The routes of serve. Pure: a method and a URL in, what to do out.
export type TRoute =
  | { kind: "predict"; team: string; model: string; target: "PRODUCTION" | "STAGING" | number }
  | { kind: "healthz" }
  | { kind: "readyz" }
  | { kind: "bad_request"; path: string; message: string }
  | { kind: "method_not_allowed"; allow: string }
  | { kind: "not_found" };

const PREDICT = /^\/v1\/models\/([^/]+)\/([^/]+)\/(?:versions\/([^/]+)\/)?predict\/?$/;

export function matchRoute(method: string, url: string): TRoute {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  if (path === "/healthz" || path === "/readyz") {
    if (method !== "GET" && method !== "HEAD") return { kind: "method_not_allowed", allow: "GET, HEAD" };
    return { kind: path === "/healthz" ? "healthz" : "readyz" };
  }
  const m = PREDICT.exec(path);
  if (!m) return { kind: "not_found" };
  if (method !== "POST") return { kind: "method_not_allowed", allow: "POST" };
  let team: string;
  let model: string;
  try {
    team = decodeURIComponent(m[1]);
    model = decodeURIComponent(m[2]);
  } catch {
    return { kind: "bad_request", path: "url", message: "the URL is not validly percent-encoded" };
  }
  if (m[3] !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(m[3])) return { kind: "bad_request", path: "version", message: `version must be a version number (1, 2, …), not '${m[3].slice(0, 40)}'` };
    return { kind: "predict", team, model, target: Number(m[3]) };
  }
  const stage = q === -1 ? null : new URLSearchParams(url.slice(q + 1)).get("stage");
  if (stage === null || stage.toLowerCase() === "production") return { kind: "predict", team, model, target: "PRODUCTION" };
  if (stage.toLowerCase() === "staging") return { kind: "predict", team, model, target: "STAGING" };
  return { kind: "bad_request", path: "stage", message: `stage must be production or staging, not '${stage.slice(0, 40)}'` };
}
