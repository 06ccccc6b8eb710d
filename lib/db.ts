import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// One client per process. In development Next reloads modules, so the client is kept on globalThis.
const globalForDb = globalThis as unknown as { modelgateDb?: PrismaClient };

export function createDb(url: string = env.DATABASE_URL): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

export const db: PrismaClient = globalForDb.modelgateDb ?? createDb();
if (env.NODE_ENV !== "production") globalForDb.modelgateDb = db;

export type { PrismaClient };
