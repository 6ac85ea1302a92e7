import { createHash, randomBytes } from "node:crypto";

/** Every key starts with this, so people and secret scanners can recognise one. */
export const API_KEY_PREFIX = "ssk_";
const VISIBLE_LENGTH = API_KEY_PREFIX.length + 8;

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX);
}

/** A new key: 32 random bytes; only its SHA-256 is stored (a random key needs no slow hash). */
export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, VISIBLE_LENGTH), keyHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
