import type { NextRequest } from "next/server";
import { deleteAccountSchema } from "@/lib/account/schema";
import { deleteAccount, getAccount } from "@/lib/account/service";
import { requireUser } from "@/lib/auth/require-user";
import { withApi } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { parseJson } from "@/lib/http/parse-json";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

export const GET = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  return Response.json(await getAccount({ userId: user.id }), { headers: { "Cache-Control": "no-store" } });
});

export const DELETE = withApi(async (req: NextRequest) => {
  const input = await parseJson(req, deleteAccountSchema);
  const user = await requireUser(req);
  await deleteAccount({ userId: user.id, password: input.password, ip: clientAddress(req.headers) });
  return new Response(null, { status: 204 });
});

export const { POST, PUT, PATCH } = methodsNotAllowed(["GET", "DELETE"]);
