import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { ApiError, withApi } from "@/lib/errors";
import { purgeExpiredData } from "@/lib/retention/purge";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

function isCronRequest(req: Request, secret: string | undefined): boolean {
  if (!secret) return false;
  const sent = Buffer.from(req.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

/** Vercel Cron (vercel.json) calls this with `Authorization: Bearer $CRON_SECRET`. */
export const GET = withApi(async (req: Request) => {
  const { CRON_SECRET } = getEnv();
  if (!CRON_SECRET) throw new ApiError(503, "CRON_SECRET is not set, so the purge cannot be called over HTTP");
  if (!isCronRequest(req, CRON_SECRET)) throw new ApiError(401, "Send Authorization: Bearer <CRON_SECRET>", { headers: { "WWW-Authenticate": "Bearer" } });
  return Response.json({ purged: await purgeExpiredData() }, { headers: { "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
