import { getDb } from "@/lib/db/client";
import type { Character } from "@/lib/generated/prisma/client";
import { MAX_CHARACTERS_PER_ACCOUNT } from "./policy";
import type { CharacterInput, CharacterPatch } from "./schema";
import { snapshotOf } from "./snapshot";

export async function listCharactersForOwner({ ownerId }: { ownerId: string }): Promise<Character[]> {
  const db = await getDb();
  return db.character.findMany({ where: { ownerId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: MAX_CHARACTERS_PER_ACCOUNT });
}

export async function getCharacterForOwner({ id, ownerId }: { id: string; ownerId: string }): Promise<Character | null> {
  const db = await getDb();
  return db.character.findFirst({ where: { id, ownerId } });
}

/** The owner's characters among `ids`, in the order of `ids`; ids of other accounts are left out. */
export async function getCharactersForOwner({ ids, ownerId }: { ids: readonly string[]; ownerId: string }): Promise<Character[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  const found = await db.character.findMany({ where: { id: { in: [...ids] }, ownerId } });
  return ids.flatMap((id) => found.filter((character) => character.id === id));
}

export async function countCharactersForOwner({ ownerId }: { ownerId: string }): Promise<number> {
  const db = await getDb();
  return db.character.count({ where: { ownerId } });
}

export async function createCharacter({ ownerId, input }: { ownerId: string; input: CharacterInput }): Promise<Character> {
  const db = await getDb();
  return db.character.create({
    data: {
      ownerId,
      name: input.name,
      kind: input.kind,
      pronouns: input.pronouns,
      traits: input.traits,
      appearance: input.appearance,
      favoriteThings: input.favorite_things,
    },
  });
}

/** The updated character, or null when the owner has no character with this id. */
export async function updateCharacterForOwner({
  id,
  ownerId,
  patch,
}: {
  id: string;
  ownerId: string;
  patch: CharacterPatch;
}): Promise<Character | null> {
  const db = await getDb();
  const { count } = await db.character.updateMany({
    where: { id, ownerId },
    data: {
      name: patch.name,
      kind: patch.kind,
      pronouns: patch.pronouns,
      traits: patch.traits,
      appearance: patch.appearance,
      favoriteThings: patch.favorite_things,
    },
  });
  return count === 0 ? null : getCharacterForOwner({ id, ownerId });
}

/** Stories that used the character keep their snapshot of it; only the link is cleared. */
export async function deleteCharacterForOwner({ id, ownerId }: { id: string; ownerId: string }): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.character.deleteMany({ where: { id, ownerId } });
  return count > 0;
}

export function toCharacterResponse(character: Character) {
  return {
    ...snapshotOf(character),
    created_at: character.createdAt.toISOString(),
    updated_at: character.updatedAt.toISOString(),
  };
}
