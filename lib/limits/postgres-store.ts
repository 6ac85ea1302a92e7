import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { windowStart, type LimitStore } from "./store";

type CountRow = { count: number };
type LeaseRow = { id: string | null; retry_after_ms: number | null };

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

  async increment({ key, windowMs }) {
    const db = await getDb();
    const start = windowStart(windowMs);
    await db.$executeRaw`
      INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
      VALUES (${key}, ${start}, 1, ${new Date(start.getTime() + windowMs)})
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1`;
  },

  async peek({ key, windowMs }) {
    const db = await getDb();
    const start = windowStart(windowMs);
    const rows = await db.$queryRaw<CountRow[]>`
      SELECT count FROM rate_limit_counters WHERE key = ${key} AND window_start = ${start}`;
    return { count: rows[0]?.count ?? 0, resetAt: new Date(start.getTime() + windowMs) };
  },

  async acquireLease({ userId, max, ttlMs }) {
    const db = await getDb();
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + ttlMs);
    // A per-user advisory lock makes "count the live leases, then insert" one atomic step.
    const rows = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`stream-lease:${userId}`}))`;
      return tx.$queryRaw<LeaseRow[]>`
        WITH live AS (
          SELECT expires_at FROM stream_leases WHERE user_id = ${userId}::uuid AND expires_at > now()
        ), inserted AS (
          INSERT INTO stream_leases (id, user_id, expires_at)
          SELECT ${id}::uuid, ${userId}::uuid, ${expiresAt}
          WHERE (SELECT count(*) FROM live) < ${max}
          RETURNING id
        )
        SELECT (SELECT id::text FROM inserted) AS id,
               (SELECT GREATEST(0, EXTRACT(EPOCH FROM (min(expires_at) - now())) * 1000)::int FROM live) AS retry_after_ms`;
    });
    const row = rows[0];
    if (row?.id) return { leaseId: row.id };
    return { retryAfterMs: row?.retry_after_ms ?? ttlMs };
  },

  async releaseLease(leaseId) {
    const db = await getDb();
    await db.$executeRaw`DELETE FROM stream_leases WHERE id = ${leaseId}::uuid OR expires_at < now() - interval '1 hour'`;
  },
};
