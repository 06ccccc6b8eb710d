import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabase, migrateDeploy, migrateDev, withDatabase } from "@/scripts/lib/migrate";

// The migration tool on a real PostgreSQL: a throwaway database of its own (created by the tool),
// the repository's migrations applied to it, and the append-only guard on audit_events.
const baseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/modelgate_test";
const database = `modelgate_migrate_${randomBytes(4).toString("hex")}_test`;
const url = withDatabase(baseUrl, database);
// A second database that starts empty, for migrate dev on a database behind the history.
const behindUrl = withDatabase(baseUrl, `${database}_behind`);
const repoMigrations = path.resolve(__dirname, "..", "..", "prisma", "migrations");
const repoSchema = path.resolve(__dirname, "..", "..", "prisma", "schema.prisma");

async function query(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

async function listDatabases(prefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: withDatabase(baseUrl, "postgres") });
  await client.connect();
  try {
    const res = await client.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}%`]);
    return res.rows.map((r) => r.datname as string);
  } finally {
    await client.end();
  }
}

describe("migrations (WebAssembly schema engine)", () => {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  beforeAll(async () => {
    expect(await listDatabases(database)).toEqual([]);
  });

  afterAll(async () => {
    await dropDatabase(url);
    await dropDatabase(behindUrl);
  });

  it("creates the database and applies every migration, then finds nothing pending", async () => {
    const migrationNames = (await fs.readdir(repoMigrations, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(migrationNames.length).toBeGreaterThan(0);

    const first = await migrateDeploy(url, { log });
    expect(first.applied).toEqual(migrationNames);
    expect(lines.some((l) => l.includes(`created database ${database}`))).toBe(true);

    const second = await migrateDeploy(url, { log });
    expect(second.applied).toEqual([]);
    expect(lines.at(-1)).toContain("no pending migrations");

    const applied = await query("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name");
    expect(applied.rows.map((r) => r.migration_name)).toEqual(migrationNames);
    expect(applied.rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
  });

  it("creates the tables of the schema", async () => {
    const tables = await query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    const names = tables.rows.map((r) => r.table_name as string);
    for (const table of ["users", "teams", "memberships", "api_tokens", "registered_models", "model_versions", "audit_events"]) {
      expect(names).toContain(table);
    }
  });

  it("makes audit_events append-only: INSERT works, UPDATE, DELETE and TRUNCATE raise", async () => {
    const id = `evt-${randomBytes(6).toString("hex")}`;
    await query(
      `INSERT INTO audit_events (id, actor_label, action, subject_type, subject_id, prev_hash, hash)
       VALUES ($1, 'test', 'test.event', 'test', '1', 'genesis', $1)`,
      [id],
    );
    await expect(query("UPDATE audit_events SET action = 'tampered' WHERE id = $1", [id])).rejects.toThrow(/append-only/);
    await expect(query("DELETE FROM audit_events WHERE id = $1", [id])).rejects.toThrow(/append-only/);
    await expect(query("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
    const rows = await query("SELECT action FROM audit_events WHERE id = $1", [id]);
    expect(rows.rows).toEqual([{ action: "test.event" }]);
  });

  it("migrate dev with no schema change creates nothing and leaves no shadow database", async () => {
    // Prisma does not model CHECK constraints, so this is no drift; it makes the engine read
    // pg_constraint.contype (PostgreSQL's internal "char" type), which adapter-pg cannot decode alone.
    await query("ALTER TABLE teams ADD CONSTRAINT teams_slug_lowercase CHECK (slug = lower(slug))");
    // A copy of the migrations directory, so a wrong result could never add a file to the repository.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "modelgate-migrations-"));
    try {
      await fs.cp(repoMigrations, dir, { recursive: true });
      const before = await fs.readdir(dir);
      const result = await migrateDev(url, "nothing_to_do", { migrationsDir: dir, log });
      expect(result).toEqual({ created: null, applied: [] });
      expect(lines.at(-1)).toContain("already in sync");
      expect(await fs.readdir(dir)).toEqual(before);
      expect(await listDatabases(`${database}_shadow_`)).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("migrate dev on a database behind the history applies it, then creates and applies a migration for a schema change", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "modelgate-migrations-"));
    try {
      await fs.cp(repoMigrations, path.join(dir, "migrations"), { recursive: true });
      const schemaPath = path.join(dir, "schema.prisma");
      const extraModel = '\nmodel MigrateProbe {\n  id   String @id\n  note String\n\n  @@map("migrate_probe")\n}\n';
      await fs.writeFile(schemaPath, (await fs.readFile(repoSchema, "utf8")) + extraModel);

      const result = await migrateDev(behindUrl, "Add migrate probe", { migrationsDir: path.join(dir, "migrations"), schemaPath, log });
      expect(result.created).toMatch(/^\d{14}_add_migrate_probe$/);
      expect(result.applied.at(-1)).toBe(result.created);
      const sql = await fs.readFile(path.join(dir, "migrations", result.created!, "migration.sql"), "utf8");
      expect(sql).toContain('CREATE TABLE "migrate_probe"');
      const lock = await fs.readFile(path.join(dir, "migrations", "migration_lock.toml"), "utf8");
      expect(lock).toContain('provider = "postgresql"');
      expect(await listDatabases(`${database}_behind_shadow_`)).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
