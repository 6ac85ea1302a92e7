import { logEvent } from "@/lib/log";
import { getDb } from "./client";

/** Whether the database answers a trivial query now; a failure is logged with its reason. */
export async function databaseIsReachable(): Promise<boolean> {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch (error) {
    logEvent("error", "health_check_failed", { error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}
