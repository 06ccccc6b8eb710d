import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Content hashes that decide whether a step (prisma generate, next build) can be skipped. Content,
// not mtimes: a fresh clone or a checkout touches every file without changing it.

export type THashEntry = { path: string; content: string | Buffer };

/** Order-independent digest of named contents; a rename or a moved byte changes it. */
export function digestEntries(entries: THashEntry[], extra: string[] = []): string {
  const hash = createHash("sha256");
  for (const e of extra) hash.update(`extra\0${e}\0`);
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of sorted) {
    const content = typeof e.content === "string" ? Buffer.from(e.content) : e.content;
    hash.update(`file\0${e.path}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest("hex");
}

/** A step may be skipped only when its output exists and was made from the same inputs. */
export function isUpToDate(input: { stored: string | null; current: string; outputExists: boolean }): boolean {
  return input.outputExists && input.stored !== null && input.stored.trim() === input.current;
}

const SKIP_DIRS = new Set(["node_modules", ".next", ".git", ".data", ".test-data"]);

/**
 * Reads the files under `paths` (files or directories, relative to `root`; missing ones are
 * skipped) into hash entries. `exclude` lists relative paths whose whole subtree is left out.
 */
export function collectEntries(root: string, paths: string[], exclude: string[] = []): THashEntry[] {
  const excluded = new Set(exclude.map((p) => path.normalize(p)));
  const entries: THashEntry[] = [];
  const visit = (rel: string) => {
    if (excluded.has(path.normalize(rel))) return;
    const abs = path.join(root, rel);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      if (SKIP_DIRS.has(path.basename(rel))) return;
      for (const name of fs.readdirSync(abs).sort()) visit(path.join(rel, name));
    } else if (stat.isFile()) {
      entries.push({ path: rel.split(path.sep).join("/"), content: fs.readFileSync(abs) });
    }
  };
  for (const p of paths) visit(p);
  return entries;
}

export function readStoredHash(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

export function writeStoredHash(file: string, hash: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${hash}\n`);
}
