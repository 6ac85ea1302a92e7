import { ApiError } from "@/lib/errors";
import type { Character } from "@/lib/generated/prisma/client";
import { assertTextsAreSafe } from "@/lib/safety/assert-safe";
import { MAX_CHARACTERS_PER_ACCOUNT } from "./policy";
import { countCharactersForOwner, createCharacter, getCharacterForOwner, updateCharacterForOwner } from "./repository";
import { characterTexts, type CharacterInput, type CharacterPatch } from "./schema";

export const characterNotFound = () => new ApiError(404, "Character not found");

const MODERATION_MESSAGES = {
  flaggedMessage: "This character is not suitable for a children's story",
  unavailableMessage: "The safety check is unavailable right now, so the character was not saved; please try again",
};

/** Moderates and saves a new character: 409 over the account's limit, 422 / 503 from moderation. */
export async function saveCharacter({ ownerId, input }: { ownerId: string; input: CharacterInput }): Promise<Character> {
  if ((await countCharactersForOwner({ ownerId })) >= MAX_CHARACTERS_PER_ACCOUNT) {
    throw new ApiError(409, `You already have ${MAX_CHARACTERS_PER_ACCOUNT} characters; delete one to save another`);
  }
  await assertTextsAreSafe(characterTexts(input), MODERATION_MESSAGES);
  return createCharacter({ ownerId, input });
}

/** Moderates the changed fields and saves them; another family's character is a 404. */
export async function editCharacter({ id, ownerId, patch }: { id: string; ownerId: string; patch: CharacterPatch }): Promise<Character> {
  if (!(await getCharacterForOwner({ id, ownerId }))) throw characterNotFound();
  await assertTextsAreSafe(characterTexts(patch), MODERATION_MESSAGES);
  const updated = await updateCharacterForOwner({ id, ownerId, patch });
  if (!updated) throw characterNotFound();
  return updated;
}
