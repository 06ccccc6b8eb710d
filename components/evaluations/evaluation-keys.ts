// react-query key factory for evaluations (STYLE.md).
export const evaluationKeys = {
  forVersion: (versionId: string) => ["evaluations", "version", versionId] as const,
};
