import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import type { LimitStore } from "./limit-store";
import { windowStart } from "./window";

type CountRow = { count: number };

/** Counters and leases in Postgres; each operation is one atomic statement or transaction. */
export const postgresLimitStore: LimitStore = {
  async consume({ key, limit, windowMs }) {
    const db = await getDb();
    const start = windowStart(windowMs);
    const resetAt = new Date(start.getTime() + windowMs);
    // The row lock of ON CONFLICT serialises concurrent requests; the WHERE keeps the ceiling exact.
    const rows = await db.$queryRaw<CountRow[]>`
      INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
      VALUES (${key}, ${start}, 1, ${resetAt})
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
      WHERE rate_limit_counters.count < ${limit}
      RETURNING count`;
    return { allowed: rows.length > 0 && limit > 0, resetAt };
  },

  async refund({ key, windowMs, resetAt }) {
    const db = await getDb();
    await db.$executeRaw`
      UPDATE rate_limit_counters SET count = count - 1
      WHERE key = ${key} AND window_start = ${new Date(resetAt.getTime() - windowMs)} AND count > 0`;
  },

  async acquireLease({ userId, max, ttlMs }) {
    const db = await getDb();
    const leaseId = randomUUID();
    const expiresAt = new Date(Date.now() + ttlMs);
    // ON CONFLICT re-checks the slot's latest version under a row lock, so a slot goes to at most
    // one live lease; one short statement per slot, no transaction held open while waiting.
    for (let slot = 1; slot <= max; slot++) {
      const taken = await db.$queryRaw<Array<{ lease_id: string }>>`
        INSERT INTO stream_slots (user_id, slot, lease_id, expires_at)
        VALUES (${userId}::uuid, ${slot}, ${leaseId}::uuid, ${expiresAt})
        ON CONFLICT (user_id, slot) DO UPDATE SET lease_id = EXCLUDED.lease_id, expires_at = EXCLUDED.expires_at
        WHERE stream_slots.expires_at <= now()
        RETURNING lease_id::text`;
      if (taken.length > 0) return { leaseId };
    }
    const [soonest] = await db.$queryRaw<Array<{ retry_after_ms: number | null }>>`
      SELECT GREATEST(0, EXTRACT(EPOCH FROM (min(expires_at) - now())) * 1000)::int AS retry_after_ms
      FROM stream_slots WHERE user_id = ${userId}::uuid`;
    return { retryAfterMs: soonest?.retry_after_ms ?? ttlMs };
  },

  async releaseLease(leaseId) {
    const db = await getDb();
    await db.$executeRaw`DELETE FROM stream_slots WHERE lease_id = ${leaseId}::uuid`;
  },

  // Deleting the account removes these rows in its own transaction (deleteAccountRows); slots cascade.
  async forget() {},
};
