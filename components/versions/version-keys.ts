// react-query key factory for versions (STYLE.md).
export const versionKeys = {
  all: ["versions"] as const,
  detail: (id: string) => ["versions", "detail", id] as const,
};
