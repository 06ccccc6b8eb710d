import { getNextMillis } from "bullmq";
import { z } from "zod";

// Schedules use the names rules of models and datasets: they appear in the UI and in audit events.
const ZScheduleName = z
  .string({ error: "name is required" })
  .trim()
  .min(1, "name is required")
  .max(63, "name must be at most 63 characters")
  .regex(/^[a-z0-9][a-z0-9\-_.]*$/, "name must start with a lowercase letter or digit and contain only a-z, 0-9, '-', '_' and '.'");

const ZCron = z
  .string({ error: "cron is required" })
  .trim()
  .min(1, "cron is required")
  .max(100, "cron must be at most 100 characters")
  .refine((v) => v.split(/\s+/).length === 5, "cron must have 5 fields: minute hour day-of-month month day-of-week (e.g. '0 6 * * *' for 06:00 every day)");

const ZTimezone = z
  .string({ error: "timezone must be a string" })
  .trim()
  .min(1, "timezone must not be empty")
  .max(64, "timezone must be at most 64 characters")
  .refine(isTimeZone, "timezone must be an IANA time zone such as UTC or Europe/Paris");

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const ZCreateScoringSchedule = z
  .object({
    name: ZScheduleName,
    datasetId: z.string({ error: "datasetId is required" }).trim().min(1, "datasetId is required").max(100),
    cron: ZCron,
    timezone: ZTimezone.optional().default("UTC"),
    active: z.boolean({ error: "active must be true or false" }).optional().default(true),
  })
  .superRefine((v, ctx) => checkFires(v.cron, v.timezone, ctx));

export const ZUpdateScoringSchedule = z
  .object({
    name: ZScheduleName.optional(),
    datasetId: z.string().trim().min(1, "datasetId must not be empty").max(100).optional(),
    cron: ZCron.optional(),
    timezone: ZTimezone.optional(),
    active: z.boolean({ error: "active must be true or false" }).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "send at least one of name, datasetId, cron, timezone, active", path: ["name"] });

/**
 * When the schedule fires next, as BullMQ's job scheduler computes it (cron-parser, in the schedule's
 * time zone), or why it never will. Checked on every write, so a pattern BullMQ would refuse is a 400
 * naming the field, never a scheduler that silently does nothing.
 */
export function nextRunOf(cron: string, timezone: string, from = Date.now()): { at: Date } | { problem: string } {
  try {
    const next = getNextMillis(from, { pattern: cron, tz: timezone });
    if (typeof next !== "number" || !Number.isFinite(next)) return { problem: `'${cron}' never fires` };
    return { at: new Date(next) };
  } catch (e) {
    return { problem: `'${cron}' is not a valid cron expression: ${e instanceof Error ? e.message : String(e)}` };
  }
}

// Zod runs this even when a field failed its own check: it only judges a well-formed cron in a real zone.
function checkFires(cron: string, timezone: string, ctx: z.RefinementCtx): void {
  if (typeof cron !== "string" || cron.trim().split(/\s+/).length !== 5 || typeof timezone !== "string" || !isTimeZone(timezone)) return;
  const next = nextRunOf(cron, timezone);
  if ("problem" in next) ctx.addIssue({ code: "custom", path: ["cron"], message: next.problem });
}
