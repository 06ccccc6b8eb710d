// react-query key factory for batch scoring (STYLE.md).
export const scoringKeys = {
  jobs: (modelId?: string) => ["scoring-jobs", modelId ?? "all"] as const,
  job: (id: string) => ["scoring-job", id] as const,
  schedules: (modelId: string) => ["scoring-schedules", modelId] as const,
};
