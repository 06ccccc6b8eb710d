import { z } from "zod";

// Optional metadata sent with an upload (multipart field `metadata`, JSON).
export const ZVersionMetadata = z
  .object({
    features: z.array(z.string().trim().min(1).max(200)).max(10_000).optional(),
    labelClasses: z.array(z.union([z.string().max(200), z.number()]).transform(String)).max(10_000).optional(),
    positiveClass: z.union([z.string().max(200), z.number()]).transform(String).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    trainingData: z.string().max(2_000).optional(),
    gitCommit: z.string().regex(/^[0-9a-f]{7,64}$/i, "gitCommit must be a hex commit id").optional(),
    notes: z.string().max(20_000).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.features && new Set(m.features).size !== m.features.length) {
      ctx.addIssue({ code: "custom", path: ["features"], message: "feature names must be unique" });
    }
    if (m.labelClasses && new Set(m.labelClasses).size !== m.labelClasses.length) {
      ctx.addIssue({ code: "custom", path: ["labelClasses"], message: "label classes must be unique" });
    }
    if (m.positiveClass !== undefined && m.labelClasses && !m.labelClasses.includes(m.positiveClass)) {
      ctx.addIssue({ code: "custom", path: ["positiveClass"], message: "positiveClass must be one of labelClasses" });
    }
  });
export type TVersionMetadata = z.infer<typeof ZVersionMetadata>;

export function parseVersionMetadata(raw: string | undefined): TVersionMetadata {
  if (raw === undefined || raw.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new z.ZodError([{ code: "custom", path: ["metadata"], message: "metadata is not valid JSON", input: raw }]);
  }
  const parsed = ZVersionMetadata.safeParse(json);
  if (!parsed.success) {
    throw new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ["metadata", ...i.path] })));
  }
  return parsed.data;
}
