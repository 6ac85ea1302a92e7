import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { logEvent } from "@/lib/log";
import type { PurgeResult } from "./schema";

const DAY_MS = 24 * 60 * 60 * 1000;
// A completed Idempotency-Key replays its story for a day (as payment APIs do); a running one only until its claim expires.
const COMPLETED_IDEMPOTENCY_KEEP_MS = DAY_MS;


/**
 * Deletes what the retention policy says we no longer keep: stories older than
 * STORY_RETENTION_DAYS (when set), and expired limit counters (sign-in, registration and story
 * counters), idempotency keys (completed ones after a day), revoked-token records and stream slots. Safe to run on many
 * instances at once.
 */
export async function purgeExpiredData({ now = new Date() }: { now?: Date } = {}): Promise<PurgeResult> {
  const db = await getDb();
  const days = getEnv().STORY_RETENTION_DAYS;
  const stories = days === undefined ? { count: 0 } : await db.story.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - days * DAY_MS) } } });
  const [limitCounters, idempotencyKeys, revokedTokens, streamSlots] = [
    await db.rateLimitCounter.deleteMany({ where: { expiresAt: { lt: now } } }),
    await db.idempotencyKey.deleteMany({
      where: {
        OR: [
          { status: { not: "completed" }, expiresAt: { lt: now } },
          { status: "completed", createdAt: { lt: new Date(now.getTime() - COMPLETED_IDEMPOTENCY_KEEP_MS) } },
        ],
      },
    }),
    await db.revokedToken.deleteMany({ where: { expiresAt: { lt: now } } }),
    await db.streamSlot.deleteMany({ where: { expiresAt: { lt: now } } }),
  ];
  const result = {
    stories: stories.count,
    limit_counters: limitCounters.count,
    idempotency_keys: idempotencyKeys.count,
    revoked_tokens: revokedTokens.count,
    stream_slots: streamSlots.count,
  };
  logEvent("info", "retention_purge", { retention_days: days ?? null, ...result });
  return result;
}

/** Self-hosted: purge at start-up and then every RETENTION_PURGE_INTERVAL_MINUTES (Vercel uses its cron instead). */
export function schedulePurge(): void {
  const env = getEnv();
  if (env.VERCEL) return;
  const run = () =>
    void purgeExpiredData().catch((error: unknown) => logEvent("error", "retention_purge_failed", { error: error instanceof Error ? error.message : String(error) }));
  setTimeout(run, 5_000).unref();
  setInterval(run, env.RETENTION_PURGE_INTERVAL_MINUTES * 60_000).unref();
}
