import { getDb } from "@/lib/db/client";
import { logEvent } from "@/lib/log";

/**
 * Opens the database (embedded PGlite or the pool's first connection) at start-up, so the first
 * burst after a deploy or a cold start does not wait for it, each request on its own.
 */
export async function warmUp(): Promise<void> {
  const startedAt = performance.now();
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    logEvent("info", "warmed_up", { ms: Math.round(performance.now() - startedAt) });
  } catch (error) {
    // Not fatal: the health check and the first request report the database as they do today.
    logEvent("warn", "warm_up_failed", { error: error instanceof Error ? error.message : String(error) });
  }
}
