import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { logEvent } from "@/lib/log";
import { safetyStatus } from "@/lib/safety/status";

export const dynamic = "force-dynamic";

export async function GET() {
  const { moderation, limits, warnings } = safetyStatus(getEnv());
  const safety = { moderation, limits, ...(warnings.length > 0 && { warnings }) };
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "ok", ...safety });
  } catch (error) {
    logEvent("error", "health_check_failed", { error: error instanceof Error ? error.message : String(error) });
    return Response.json({ status: "error", database: "unavailable", ...safety }, { status: 503 });
  }
}
