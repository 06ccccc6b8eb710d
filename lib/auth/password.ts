import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

// Verifying against a real hash keeps the time of a sign-in for an unknown email like that of a
// known one, so timing does not tell which emails have accounts.
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hash(randomBytes(16).toString("hex"));
  await verifyPassword(await dummy, password);
}

export const ZPasswordRule = { min: 10, max: 200 };
