// react-query key factory for serving (STYLE.md).
export const servingKeys = {
  all: ["serving"] as const,
  live: (modelId: string, window: string) => ["serving", "live", modelId, window] as const,
  predictions: (versionId: string) => ["serving", "predictions", versionId] as const,
};
