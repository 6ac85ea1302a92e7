import type { NextRequest } from "next/server";
import { z } from "zod";
import { requireUser } from "@/lib/auth/require-user";
import { characterNotFound, editCharacter } from "@/lib/characters/save";
import { deleteCharacterForOwner, getCharacterForOwner, toCharacterResponse } from "@/lib/characters/repository";
import { characterPatchSchema } from "@/lib/characters/schema";
import { withApi } from "@/lib/errors";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { parseJson } from "@/lib/http/parse-json";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** A malformed id cannot name a character: 404, without a query. */
async function characterId(context: { params: Promise<Params> }): Promise<string> {
  const parsed = z.uuid().safeParse((await context.params).id);
  if (!parsed.success) throw characterNotFound();
  return parsed.data;
}

export const GET = withApi<NextRequest, Params>(async (req, context) => {
  const user = await requireUser(req);
  const character = await getCharacterForOwner({ id: await characterId(context), ownerId: user.id });
  if (!character) throw characterNotFound();
  return Response.json(toCharacterResponse(character));
});

export const PATCH = withApi<NextRequest, Params>(async (req, context) => {
  const user = await requireUser(req);
  const patch = await parseJson(req, characterPatchSchema);
  const character = await editCharacter({ id: await characterId(context), ownerId: user.id, patch });
  return Response.json(toCharacterResponse(character));
});

export const DELETE = withApi<NextRequest, Params>(async (req, context) => {
  const user = await requireUser(req);
  const deleted = await deleteCharacterForOwner({ id: await characterId(context), ownerId: user.id });
  if (!deleted) throw characterNotFound();
  return new Response(null, { status: 204 });
});

export const { POST, PUT } = methodsNotAllowed(["GET", "PATCH", "DELETE"]);
