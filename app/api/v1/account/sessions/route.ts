import type { NextRequest } from "next/server";
import { requireUser } from "@/lib/auth/require-user";
import { withApi } from "@/lib/errors";
import { bumpTokenVersion } from "@/lib/users/repository";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

/** Sign out everywhere: every access token and session issued so far stops working. API keys stay. */
export const DELETE = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  await bumpTokenVersion({ userId: user.id });
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(["DELETE"]);
