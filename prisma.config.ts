import path from "node:path";
import { defineConfig } from "prisma/config";

// Used by `prisma generate` only. Migrations run through scripts/db-migrate.ts (the WebAssembly
// schema engine), because the Prisma CLI downloads a native engine that air-gapped machines lack.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
});
