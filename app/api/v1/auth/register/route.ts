import { registerAccount } from "@/lib/auth/accounts";
import { registerSchema } from "@/lib/auth/schema";
import { ApiError, withApi } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { parseJson } from "@/lib/http/parse-json";
import { assertRegistrationAllowed } from "@/lib/limits/registration-throttle";
import { EmailTakenError } from "@/lib/users/repository";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = withApi(async (req: Request) => {
  const input = await parseJson(req, registerSchema);
  await assertRegistrationAllowed({ ip: clientAddress(req.headers) });
  try {
    const user = await registerAccount(input);
    return Response.json({ id: user.id, email: user.email, name: user.name }, { status: 201 });
  } catch (error) {
    if (error instanceof EmailTakenError) throw new ApiError(409, error.message);
    throw error;
  }
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
