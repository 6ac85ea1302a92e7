import type { CharacterInput } from "@/lib/characters/schema";
import type { CharacterResponse } from "@/lib/characters/responses";

/** What the character form holds: lists are typed as comma-separated text. */
export type CharacterDraft = { name: string; kind: string; pronouns: string; traits: string; appearance: string; favorite_things: string };

export const EMPTY_CHARACTER_DRAFT: CharacterDraft = { name: "", kind: "", pronouns: "", traits: "", appearance: "", favorite_things: "" };

const splitList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** The API body; validated by the caller with characterInputSchema. */
export function draftToCharacter(draft: CharacterDraft): Record<keyof CharacterInput, unknown> {
  return {
    name: draft.name,
    kind: draft.kind,
    pronouns: draft.pronouns,
    traits: splitList(draft.traits),
    appearance: draft.appearance,
    favorite_things: splitList(draft.favorite_things),
  };
}

export function characterToDraft(character: CharacterResponse): CharacterDraft {
  return {
    name: character.name,
    kind: character.kind,
    pronouns: character.pronouns,
    traits: character.traits.join(", "),
    appearance: character.appearance,
    favorite_things: character.favorite_things.join(", "),
  };
}
