import type { NextRequest } from "next/server";
import { changePasswordSchema } from "@/lib/account/schema";
import { changePassword } from "@/lib/account/service";
import { requireUser } from "@/lib/auth/require-user";
import { withApi } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { parseJson } from "@/lib/http/parse-json";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = withApi(async (req: NextRequest) => {
  const input = await parseJson(req, changePasswordSchema);
  const user = await requireUser(req);
  await changePassword({
    userId: user.id,
    currentPassword: input.current_password,
    newPassword: input.new_password,
    ip: clientAddress(req.headers),
  });
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
