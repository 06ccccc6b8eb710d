import { z } from "zod";

// What PUT /api/v1/models/{id}/serving takes: the whole serving configuration of a model, replaced at
// once (like the gate policy), so a request that forgets a field fails instead of silently resetting
// it. The database row keeps the same values; a model without a row is served with SERVING_DEFAULTS.

export const SERVING_DEFAULTS = { sampleRate: 1, retentionDays: 30, canaryShare: 0.1 } as const;
export const MAX_RETENTION_DAYS = 3650;

const required = (field: string, expected: string) => (iss: { input: unknown }) =>
  iss.input === undefined ? `${field} is required` : `${field} must be ${expected}`;

export const ZChallengerSettings = z
  .object({
    versionId: z.string({ error: required("challenger.versionId", "a version id") }).trim().min(1, "challenger.versionId is required").max(100),
    mode: z.enum(["SHADOW", "CANARY"], { error: "challenger.mode must be SHADOW (scores a copy of the traffic) or CANARY (answers a share of it)" }),
    canaryShare: z
      .number({ error: required("challenger.canaryShare", "a number between 0 and 1") })
      .gt(0, "challenger.canaryShare must be more than 0: a canary that answers no traffic is a shadow")
      .max(1, "challenger.canaryShare must be at most 1 (all of the traffic)")
      .optional(),
  })
  .strict();

export const ZServingSettings = z
  .object({
    sampleRate: z
      .number({ error: required("sampleRate", "a number between 0 and 1") })
      .min(0, "sampleRate must be at least 0 (log no prediction)")
      .max(1, "sampleRate must be at most 1 (log every prediction)"),
    retentionDays: z
      .number({ error: required("retentionDays", "a whole number of days") })
      .int("retentionDays must be a whole number of days")
      .min(1, "retentionDays must be at least 1 day")
      .max(MAX_RETENTION_DAYS, `retentionDays must be at most ${MAX_RETENTION_DAYS} days`),
    challenger: ZChallengerSettings.nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.challenger === undefined) {
      ctx.addIssue({ code: "custom", path: ["challenger"], message: "challenger is required: { versionId, mode, canaryShare? }, or null for none" });
    }
    if (v.challenger?.mode === "CANARY" && v.challenger.canaryShare === undefined) {
      ctx.addIssue({ code: "custom", path: ["challenger", "canaryShare"], message: "challenger.canaryShare is required in CANARY mode: the share of traffic the challenger answers, in (0, 1]" });
    }
  });

export type TServingSettings = z.infer<typeof ZServingSettings>;
