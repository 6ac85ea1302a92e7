import type { NextRequest } from "next/server";
import { authenticate } from "@/lib/auth/accounts";
import { requireUser } from "@/lib/auth/require-user";
import { credentialsSchema } from "@/lib/auth/schema";
import { issueAccessToken } from "@/lib/auth/tokens";
import { ApiError, withApi } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { parseJson } from "@/lib/http/parse-json";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { revokeToken } from "@/lib/users/repository";

export const POST = withApi(async (req: Request) => {
  const credentials = await parseJson(req, credentialsSchema);
  const user = await authenticate({ ...credentials, ip: clientAddress(req.headers) });
  if (!user) throw new ApiError(401, "Wrong email or password");
  return Response.json(await issueAccessToken(user), { headers: { "Cache-Control": "no-store" } });
});

/** Revokes the access token this request presents. */
export const DELETE = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  if (user.via !== "bearer") throw new ApiError(400, "Send the access token to revoke as Authorization: Bearer <access_token>");
  await revokeToken({ jti: user.token.jti, userId: user.id, expiresAt: user.token.expiresAt });
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH } = methodsNotAllowed(["POST", "DELETE"]);
