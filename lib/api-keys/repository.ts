import { getDb } from "@/lib/db/client";
import type { ApiKey } from "@/lib/generated/prisma/client";

// last_used_at is written at most this often per key, so a busy key does not turn every read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function createApiKey(data: { userId: string; name: string; prefix: string; keyHash: string }): Promise<ApiKey> {
  const db = await getDb();
  return db.apiKey.create({ data });
}

export async function listApiKeysForOwner({ userId }: { userId: string }): Promise<ApiKey[]> {
  const db = await getDb();
  return db.apiKey.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

export async function deleteApiKeyForOwner({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.apiKey.deleteMany({ where: { id, userId } });
  return count > 0;
}

/** The owner of the key with this hash (and notes its use), or null. */
export async function findApiKeyOwner({ keyHash }: { keyHash: string }): Promise<{ userId: string; email: string } | null> {
  const db = await getDb();
  const rows = await db.$queryRaw<Array<{ id: string; user_id: string; email: string; last_used_at: Date | null }>>`
    SELECT k.id::text, k.user_id::text, u.email, k.last_used_at
    FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = ${keyHash}`;
  const row = rows[0];
  if (!row) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { userId: row.user_id, email: row.email };
}
