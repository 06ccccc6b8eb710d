import { Prisma } from "@/lib/generated/prisma/client";

/**
 * A unique constraint refused the write (Prisma's P2002, or PostgreSQL's 23505 when the index is one
 * Prisma does not model, such as the partial "one production version per model" index).
 */
export function isUniqueViolation(e: unknown): boolean {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return true;
  const text = e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? "")}` : String(e);
  return /23505|unique constraint/i.test(text);
}
