import type { NextRequest } from "next/server";
import { z } from "zod";
import { deleteApiKeyForOwner } from "@/lib/api-keys/repository";
import { requireUser } from "@/lib/auth/require-user";
import { ApiError, withApi } from "@/lib/errors";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

type Params = { id: string };

export const DELETE = withApi<NextRequest, Params>(async (req, context) => {
  const user = await requireUser(req);
  const id = z.uuid().safeParse((await context.params).id);
  if (!id.success || !(await deleteApiKeyForOwner({ id: id.data, userId: user.id }))) throw new ApiError(404, "API key not found");
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(["DELETE"]);
