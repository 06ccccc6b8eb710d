import { z } from "zod";

// DESIGN.md: unique per team, lowercase letters, digits, '-', '_' and '.', starting with a letter or
// digit, at most 63 characters. Names appear in URLs (serve's /v1/models/{team}/{model}) and are never
// used as paths: storage keys are made by the server.
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9\-_.]{0,62}$/;

export const ZModelName = z
  .string({ error: "name is required" })
  .min(1, "name is required")
  .max(63, "name must be at most 63 characters")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "name must not contain control characters (such as a NUL byte)")
  .refine((v) => !/[\/\\%]/.test(v), "name must not contain '/', '\\' or '%'")
  .refine((v) => MODEL_NAME_PATTERN.test(v), "name must start with a lowercase letter or digit and contain only a-z, 0-9, '-', '_' and '.'");

export const ZTag = z
  .string()
  .trim()
  .min(1)
  .max(40, "a tag must be at most 40 characters")
  .regex(/^[a-z0-9][a-z0-9\-_.:]*$/, "tags use lowercase letters, digits, '-', '_', '.' and ':'");
