import { authenticate } from "@/lib/auth/accounts";
import { credentialsSchema } from "@/lib/auth/schema";
import { issueAccessToken } from "@/lib/auth/tokens";
import { ApiError, withApi } from "@/lib/errors";
import { parseJson } from "@/lib/http/parse-json";
import { clientIp } from "@/lib/limits/login-throttle";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = withApi(async (req: Request) => {
  const credentials = await parseJson(req, credentialsSchema);
  const user = await authenticate({ ...credentials, ip: clientIp(req.headers) });
  if (!user) throw new ApiError(401, "Wrong email or password");
  return Response.json(await issueAccessToken(user), { headers: { "Cache-Control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
