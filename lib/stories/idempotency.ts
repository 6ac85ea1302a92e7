import { getDb } from "@/lib/db/client";
import type { Story } from "@/lib/generated/prisma/client";
import { RUNNING_CLAIM_TTL_MS } from "./stream-lifetime";

export type IdempotencyClaim = { kind: "new" } | { kind: "running" } | { kind: "completed"; story: Story };

/** Claims a key for a new generation, or reports the generation that already holds it. */
export async function claimIdempotencyKey({ userId, key }: { userId: string; key: string }): Promise<IdempotencyClaim> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const expiresAt = new Date(Date.now() + RUNNING_CLAIM_TTL_MS);
    const inserted = await tx.$queryRaw<Array<{ key: string }>>`
      INSERT INTO idempotency_keys (user_id, key, status, expires_at)
      VALUES (${userId}::uuid, ${key}, 'running', ${expiresAt})
      ON CONFLICT (user_id, key) DO NOTHING
      RETURNING key`;
    if (inserted.length > 0) return { kind: "new" };
    const [row] = await tx.$queryRaw<Array<{ status: string; story_id: string | null; live: boolean }>>`
      SELECT status, story_id::text, expires_at > now() AS live FROM idempotency_keys
      WHERE user_id = ${userId}::uuid AND key = ${key} FOR UPDATE`;
    if (row?.status === "completed" && row.story_id) {
      const story = await tx.story.findFirst({ where: { id: row.story_id, ownerId: userId } });
      if (story) return { kind: "completed", story };
    } else if (row?.status === "running" && row.live) {
      return { kind: "running" };
    }
    // A stale claim, or a completed story since deleted: this request runs anew.
    await tx.$executeRaw`
      UPDATE idempotency_keys SET status = 'running', story_id = NULL, expires_at = ${expiresAt}
      WHERE user_id = ${userId}::uuid AND key = ${key}`;
    return { kind: "new" };
  });
}

/** Frees a key whose generation failed or was aborted, so a retry runs anew. */
export async function releaseIdempotencyKey({ userId, key }: { userId: string; key: string }): Promise<void> {
  const db = await getDb();
  await db.$executeRaw`DELETE FROM idempotency_keys WHERE user_id = ${userId}::uuid AND key = ${key} AND status = 'running'`;
}
