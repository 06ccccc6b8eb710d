import { randomUUID } from "node:crypto";

/**
 * A prediction id: a UUIDv7 (RFC 9562), the creation millisecond in its first 48 bits and random
 * bits after. Ids made later sort later, so each logged prediction lands at the right edge of
 * prediction_logs' primary key instead of on a random page of it: about half of PostgreSQL's
 * per-row cost at serve's write rates (bench: `npm run bench -- serve`). The random part
 * (74 bits, from randomUUID's pooled entropy) keeps ids unguessable and unique across replicas.
 */
export function newPredictionId(now: number = Date.now()): string {
  const random = randomUUID();
  const time = now.toString(16).padStart(12, "0");
  // randomUUID: xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx (N: the variant, 8–b). Keep its variant, set version 7.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

/** The millisecond a prediction id was made (from its UUIDv7 timestamp), or null for any other id. */
export function predictionIdTime(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) return null;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
