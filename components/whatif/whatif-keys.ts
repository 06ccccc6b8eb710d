// react-query key factory for the what-if (STYLE.md).
export const whatifKeys = {
  data: (modelId: string, version: string | null, compare: string | null) => ["whatif", modelId, version, compare] as const,
  scenarios: (modelId: string) => ["whatif", modelId, "scenarios"] as const,
  requestScenarios: (requestId: string) => ["whatif", "request", requestId] as const,
};
