// The part of pg-copy-streams serve uses (lib/serving/create-prediction-log-sink.ts); the package ships no types.
declare module "pg-copy-streams" {
  import type { Writable } from "node:stream";
  import type { Submittable } from "pg";

  export type CopyStreamQuery = Writable & Submittable & { rowCount: number };
  export function from(text: string): CopyStreamQuery;
}
