// Every in-app URL is built here (STYLE.md): components never assemble paths by hand.
export const routes = {
  home: () => "/",
  login: (callbackUrl?: string) => (callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login"),
  models: (q?: { q?: string; tag?: string; team?: string }) => withQuery("/models", q),
  newModel: (team?: string) => withQuery("/models/new", { team }),
  model: (id: string) => `/models/${encodeURIComponent(id)}`,
  compare: (modelId: string, q: { versions: number[]; dataset?: string; base?: number }) =>
    withQuery(`/models/${encodeURIComponent(modelId)}/compare`, { versions: q.versions.join(","), dataset: q.dataset, base: q.base?.toString() }),
  version: (id: string) => `/versions/${encodeURIComponent(id)}`,
  datasets: (q?: { q?: string; team?: string }) => withQuery("/datasets", q),
  dataset: (id: string) => `/datasets/${encodeURIComponent(id)}`,
  tokens: () => "/settings/tokens",
  audit: (q?: Record<string, string | undefined>) => withQuery("/audit", q),
  adminUsers: () => "/admin/users",
  adminTeams: () => "/admin/teams",
  api: {
    models: () => "/api/v1/models",
    model: (id: string) => `/api/v1/models/${encodeURIComponent(id)}`,
    modelVersions: (id: string) => `/api/v1/models/${encodeURIComponent(id)}/versions`,
    compare: (modelId: string, q: { versions: number[]; dataset?: string; base?: number }) =>
      withQuery(`/api/v1/models/${encodeURIComponent(modelId)}/compare`, { versions: q.versions.join(","), dataset: q.dataset, base: q.base?.toString() }),
    modelMetrics: (modelId: string, dataset?: string) => withQuery(`/api/v1/models/${encodeURIComponent(modelId)}/metrics`, { dataset }),
    version: (id: string) => `/api/v1/versions/${encodeURIComponent(id)}`,
    versionEvaluations: (id: string) => `/api/v1/versions/${encodeURIComponent(id)}/evaluations`,
    evaluations: () => "/api/v1/evaluations",
    evaluation: (id: string) => `/api/v1/evaluations/${encodeURIComponent(id)}`,
    cancelEvaluation: (id: string) => `/api/v1/evaluations/${encodeURIComponent(id)}/cancel`,
    datasets: () => "/api/v1/datasets",
    dataset: (id: string) => `/api/v1/datasets/${encodeURIComponent(id)}`,
    modelDatasets: (id: string) => `/api/v1/models/${encodeURIComponent(id)}/datasets`,
    tokens: () => "/api/v1/tokens",
    token: (id: string) => `/api/v1/tokens/${encodeURIComponent(id)}`,
    audit: () => "/api/v1/audit",
    auditVerify: () => "/api/v1/audit/verify",
    health: () => "/api/health",
  },
};

function withQuery(path: string, q?: Record<string, string | undefined>): string {
  if (!q) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
