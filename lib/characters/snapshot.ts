import { z } from "zod";
import type { Character } from "@/lib/generated/prisma/client";

/** A character as one story used it, kept with the story (story_characters.snapshot). */
export const characterSnapshotSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  pronouns: z.string(),
  traits: z.array(z.string()),
  appearance: z.string(),
  favorite_things: z.array(z.string()),
});

export type CharacterSnapshot = z.infer<typeof characterSnapshotSchema>;

export function snapshotOf(character: Character): CharacterSnapshot {
  return {
    id: character.id,
    name: character.name,
    kind: character.kind,
    pronouns: character.pronouns,
    traits: character.traits,
    appearance: character.appearance,
    favorite_things: character.favoriteThings,
  };
}

/** A stored snapshot, or null if the row holds something else (never trusted blindly). */
export function readSnapshot(value: unknown): CharacterSnapshot | null {
  const parsed = characterSnapshotSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
