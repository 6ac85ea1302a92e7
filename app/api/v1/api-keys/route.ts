import type { NextRequest } from "next/server";
import { createApiKeySchema } from "@/lib/account/schema";
import { createApiKeyForUser, toApiKeySummary } from "@/lib/account/service";
import { listApiKeysForOwner } from "@/lib/api-keys/repository";
import { requireUser } from "@/lib/auth/require-user";
import { withApi } from "@/lib/errors";
import { parseJson } from "@/lib/http/parse-json";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

export const GET = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  const keys = await listApiKeysForOwner({ userId: user.id });
  return Response.json({ api_keys: keys.map(toApiKeySummary) }, { headers: { "Cache-Control": "no-store" } });
});

export const POST = withApi(async (req: NextRequest) => {
  const input = await parseJson(req, createApiKeySchema);
  const user = await requireUser(req);
  const created = await createApiKeyForUser({ userId: user.id, name: input.name });
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
