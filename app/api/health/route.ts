import { databaseIsReachable } from "@/lib/db/health";
import type { HealthBody } from "@/lib/http/health-body";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

export async function GET() {
  if (await databaseIsReachable()) return Response.json({ status: "ok", database: "ok" } satisfies HealthBody);
  return Response.json({ status: "error", database: "unavailable" } satisfies HealthBody, { status: 503 });
}

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
