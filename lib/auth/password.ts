import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from "@node-rs/argon2";

// Algorithm is an ambient const enum, which isolatedModules cannot read: 2 is its Argon2id member.
const ARGON2ID: Algorithm = 2;

// OWASP Password Storage Cheat Sheet, first Argon2id option: 19 MiB, 2 iterations, 1 lane.
export const ARGON2_PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(password.normalize("NFKC"), ARGON2_PARAMS);
}

export type PasswordCheck = { valid: boolean; needsRehash: boolean };

/** Checks a password against an Argon2id hash or a legacy `scrypt$N$r$p$salt$hash` one (to be upgraded). */
export async function checkPassword(password: string, stored: string): Promise<PasswordCheck> {
  if (stored.startsWith("$argon2")) {
    const valid = await argon2Verify(stored, password.normalize("NFKC")).catch(() => false);
    const current = stored.startsWith(`$argon2id$v=19$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`);
    return { valid, needsRehash: valid && !current };
  }
  const valid = await verifyScrypt(password, stored);
  return { valid, needsRehash: valid };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  return (await checkPassword(password, stored)).valid;
}

function deriveScrypt(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await deriveScrypt(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) }, expected.length);
  return timingSafeEqual(actual, expected);
}

/** A hash in the format of accounts created before Argon2id (N=2^14), for the upgrade test. */
export async function legacyScryptHash(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveScrypt(password, salt, { N: 16384, r: 8, p: 1 }, 64);
  return ["scrypt", 16384, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Hashed once so an unknown email costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;
export function getDummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}
