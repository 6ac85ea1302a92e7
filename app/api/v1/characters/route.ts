import type { NextRequest } from "next/server";
import { requireUser } from "@/lib/auth/require-user";
import { saveCharacter } from "@/lib/characters/save";
import { listCharactersForOwner, toCharacterResponse } from "@/lib/characters/repository";
import { characterInputSchema } from "@/lib/characters/schema";
import { withApi } from "@/lib/errors";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { parseJson } from "@/lib/http/parse-json";

export const dynamic = "force-dynamic";

export const GET = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  const characters = await listCharactersForOwner({ ownerId: user.id });
  return Response.json({ characters: characters.map(toCharacterResponse) });
});

export const POST = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  const input = await parseJson(req, characterInputSchema);
  const character = await saveCharacter({ ownerId: user.id, input });
  return Response.json(toCharacterResponse(character), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
