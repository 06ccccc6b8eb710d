import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { artifactPath, commitTemp, storageKeyFor } from "@/lib/storage/artifact-store";

export type TPublished = { key: string; sha256: string; size: number; preexisting: boolean };

/**
 * Moves a file the scoring sandbox wrote into the content-addressed store, under the digest read
 * back from disk here (a sandbox's word for its own output is never taken). `preexisting` says an
 * identical object was already stored, so that withdrawing this publication must leave it alone.
 */
export async function publishFile(tmpPath: string): Promise<TPublished> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(tmpPath)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const sha256 = hash.digest("hex");
  const preexisting = await fs.access(artifactPath(storageKeyFor(sha256))).then(() => true, () => false);
  const key = await commitTemp({ tmpPath, sha256, size, head: Buffer.alloc(0) });
  return { key, sha256, size, preexisting };
}
