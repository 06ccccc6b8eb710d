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
  modelCard: (versionId: string) => `/versions/${encodeURIComponent(versionId)}/model-card`,
  datasets: (q?: { q?: string; team?: string }) => withQuery("/datasets", q),
  dataset: (id: string) => `/datasets/${encodeURIComponent(id)}`,
  tokens: () => "/settings/tokens",
  inbox: () => "/inbox",
  audit: (q?: Record<string, string | undefined>) => withQuery("/audit", q),
  adminUsers: () => "/admin/users",
  adminTeams: () => "/admin/teams",
  adminWebhooks: () => "/admin/webhooks",
  scoring: (q?: { model?: string }) => withQuery("/scoring", q),
  whatif: (modelId: string, q?: { scenario?: string; version?: string; compare?: string }) => withQuery(`/models/${encodeURIComponent(modelId)}/whatif`, q),
  executive: () => "/executive",
  scoringJob: (id: string) => `/scoring/${encodeURIComponent(id)}`,
  // Paths on serve (the prediction server), relative to its base URL (lib/serving/internal-auth.ts serveUrl()).
  serve: {
    predict: (q: { team: string; model: string; version?: number; stage?: "staging" }) =>
      q.version !== undefined
        ? `/v1/models/${encodeURIComponent(q.team)}/${encodeURIComponent(q.model)}/versions/${q.version}/predict`
        : withQuery(`/v1/models/${encodeURIComponent(q.team)}/${encodeURIComponent(q.model)}/predict`, { stage: q.stage }),
  },
  api: {
    models: () => "/api/v1/models",
    model: (id: string) => `/api/v1/models/${encodeURIComponent(id)}`,
    modelVersions: (id: string) => `/api/v1/models/${encodeURIComponent(id)}/versions`,
    compare: (modelId: string, q: { versions: number[]; dataset?: string; base?: number }) =>
      withQuery(`/api/v1/models/${encodeURIComponent(modelId)}/compare`, { versions: q.versions.join(","), dataset: q.dataset, base: q.base?.toString() }),
    modelMetrics: (modelId: string, dataset?: string) => withQuery(`/api/v1/models/${encodeURIComponent(modelId)}/metrics`, { dataset }),
    version: (id: string) => `/api/v1/versions/${encodeURIComponent(id)}`,
    modelCard: (versionId: string, q?: { download?: boolean }) => withQuery(`/api/v1/versions/${encodeURIComponent(versionId)}/model-card`, { download: q?.download ? "1" : undefined }),
    versionEvaluations: (id: string) => `/api/v1/versions/${encodeURIComponent(id)}/evaluations`,
    evaluations: () => "/api/v1/evaluations",
    evaluation: (id: string) => `/api/v1/evaluations/${encodeURIComponent(id)}`,
    cancelEvaluation: (id: string) => `/api/v1/evaluations/${encodeURIComponent(id)}/cancel`,
    datasets: () => "/api/v1/datasets",
    dataset: (id: string) => `/api/v1/datasets/${encodeURIComponent(id)}`,
    modelDatasets: (id: string) => `/api/v1/models/${encodeURIComponent(id)}/datasets`,
    modelPolicy: (id: string) => `/api/v1/models/${encodeURIComponent(id)}/policy`,
    modelHistory: (id: string) => `/api/v1/models/${encodeURIComponent(id)}/history`,
    modelRollback: (id: string) => `/api/v1/models/${encodeURIComponent(id)}/rollback`,
    notifications: () => "/api/v1/notifications",
    notificationsRead: () => "/api/v1/notifications/read",
    versionPromotionRequests: (id: string) => `/api/v1/versions/${encodeURIComponent(id)}/promotion-requests`,
    versionGates: (id: string, target: "STAGING" | "PRODUCTION") => `/api/v1/versions/${encodeURIComponent(id)}/gates?target=${target}`,
    promotionRequests: () => "/api/v1/promotion-requests",
    promotionRequest: (id: string) => `/api/v1/promotion-requests/${encodeURIComponent(id)}`,
    promotionDecisions: (id: string) => `/api/v1/promotion-requests/${encodeURIComponent(id)}/decisions`,
    promote: (id: string) => `/api/v1/promotion-requests/${encodeURIComponent(id)}/promote`,
    cancelPromotion: (id: string) => `/api/v1/promotion-requests/${encodeURIComponent(id)}/cancel`,
    tokens: () => "/api/v1/tokens",
    webhooks: (q?: { team?: string }) => withQuery("/api/v1/webhooks", q),
    webhook: (id: string) => `/api/v1/webhooks/${encodeURIComponent(id)}`,
    webhookDeliveries: (id: string) => `/api/v1/webhooks/${encodeURIComponent(id)}/deliveries`,
    webhookTest: (id: string) => `/api/v1/webhooks/${encodeURIComponent(id)}/test`,
    token: (id: string) => `/api/v1/tokens/${encodeURIComponent(id)}`,
    audit: () => "/api/v1/audit",
    auditVerify: () => "/api/v1/audit/verify",
    modelServing: (id: string) => `/api/v1/models/${encodeURIComponent(id)}/serving`,
    modelServingCompare: (id: string, window?: string) => withQuery(`/api/v1/models/${encodeURIComponent(id)}/serving/compare`, { window }),
    versionPredictions: (id: string, q?: { limit?: number; before?: string }) =>
      withQuery(`/api/v1/versions/${encodeURIComponent(id)}/predictions`, { limit: q?.limit?.toString(), before: q?.before }),
    versionTry: (id: string) => `/api/v1/versions/${encodeURIComponent(id)}/try`,
    feedback: () => "/api/v1/feedback",
    scoringJobs: (q?: { model?: string; schedule?: string; limit?: number }) => withQuery("/api/v1/scoring-jobs", { model: q?.model, schedule: q?.schedule, limit: q?.limit?.toString() }),
    scoringJob: (id: string) => `/api/v1/scoring-jobs/${encodeURIComponent(id)}`,
    cancelScoringJob: (id: string) => `/api/v1/scoring-jobs/${encodeURIComponent(id)}/cancel`,
    retryScoringJob: (id: string) => `/api/v1/scoring-jobs/${encodeURIComponent(id)}/retry`,
    scoringJobOutput: (id: string) => `/api/v1/scoring-jobs/${encodeURIComponent(id)}/output`,
    scoringJobErrors: (id: string) => `/api/v1/scoring-jobs/${encodeURIComponent(id)}/errors`,
    modelScoringSchedules: (modelId: string) => `/api/v1/models/${encodeURIComponent(modelId)}/scoring-schedules`,
    scoringSchedule: (id: string) => `/api/v1/scoring-schedules/${encodeURIComponent(id)}`,
    modelWhatIf: (modelId: string, q?: { version?: string; compare?: string }) => withQuery(`/api/v1/models/${encodeURIComponent(modelId)}/whatif`, q),
    modelScenarios: (modelId: string) => `/api/v1/models/${encodeURIComponent(modelId)}/scenarios`,
    scenario: (id: string) => `/api/v1/scenarios/${encodeURIComponent(id)}`,
    scenarioCsv: (id: string) => `/api/v1/scenarios/${encodeURIComponent(id)}/export.csv`,
    requestScenarios: (requestId: string) => `/api/v1/promotion-requests/${encodeURIComponent(requestId)}/scenarios`,
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
