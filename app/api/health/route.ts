import { databaseIsReachable } from "@/lib/db/health";
import { getEnv } from "@/lib/env";
import type { HealthBody } from "@/lib/http/health-body";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { safetyStatus } from "@/lib/safety/status";

export const dynamic = "force-dynamic";

export async function GET() {
  const { moderation, limits, warnings } = safetyStatus(getEnv());
  const safety = { moderation, limits, ...(warnings.length > 0 && { warnings }) };
  if (await databaseIsReachable()) return Response.json({ status: "ok", database: "ok", ...safety } satisfies HealthBody);
  return Response.json({ status: "error", database: "unavailable", ...safety } satisfies HealthBody, { status: 503 });
}

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
