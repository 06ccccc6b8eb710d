import { commitFile } from "@/lib/storage/artifact-store";

export type TPublished = { key: string; sha256: string; size: number; preexisting: boolean };

/**
 * Moves a file the scoring sandbox wrote into the content-addressed store (commitFile reads the
 * digest back from disk: a sandbox's word for its own output is never taken). `preexisting` says an
 * identical object was already stored, so that withdrawing this publication must leave it alone.
 */
export async function publishFile(tmpPath: string): Promise<TPublished> {
  return commitFile(tmpPath);
}
