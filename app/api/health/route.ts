import { getDb } from "@/lib/db/client";
import { logEvent } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "ok" });
  } catch (error) {
    logEvent("error", "health_check_failed", { error: error instanceof Error ? error.message : String(error) });
    return Response.json({ status: "error", database: "unavailable" }, { status: 503 });
  }
}
