import { z } from "zod";
import { requiredText } from "../validation/text.ts";
import { CHARACTER_LIMITS } from "./policy.ts";

const list = (field: string, max: number) =>
  z
    .array(requiredText(field, CHARACTER_LIMITS.item), { error: `${field}s must be a list of short texts` })
    .max(max, `At most ${max} ${field.toLowerCase()}s`);

const fields = {
  name: requiredText("Name", CHARACTER_LIMITS.name),
  kind: requiredText("What they are", CHARACTER_LIMITS.kind).meta({ description: "A girl, a dragon, a robot…" }),
  pronouns: requiredText("Pronouns", CHARACTER_LIMITS.pronouns).meta({ description: "she/her, he/him, they/them, it/its, or any short text." }),
  traits: list("Trait", CHARACTER_LIMITS.traits).meta({ description: "A few words: brave, curious, shy…" }),
  appearance: z
    .string({ error: "How they look must be text" })
    .trim()
    .max(CHARACTER_LIMITS.appearance, `How they look must be at most ${CHARACTER_LIMITS.appearance} characters`),
  favorite_things: list("Favourite thing", CHARACTER_LIMITS.favorite_things),
};

/** The body of POST /api/v1/characters/, shared by the API and the character form. */
export const characterInputSchema = z.object({
  name: fields.name,
  kind: fields.kind,
  pronouns: fields.pronouns,
  traits: fields.traits.default([]),
  appearance: fields.appearance.default(""),
  favorite_things: fields.favorite_things.default([]),
});

/** The body of PATCH /api/v1/characters/{id}/: any of the fields, at least one. */
export const characterPatchSchema = z
  .object({
    name: fields.name.optional(),
    kind: fields.kind.optional(),
    pronouns: fields.pronouns.optional(),
    traits: fields.traits.optional(),
    appearance: fields.appearance.optional(),
    favorite_things: fields.favorite_things.optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one field to change");

export type CharacterInput = z.infer<typeof characterInputSchema>;
export type CharacterPatch = z.infer<typeof characterPatchSchema>;

/** Every text of a character, for moderation. */
export function characterTexts(character: Partial<CharacterInput>): string[] {
  return [
    character.name,
    character.kind,
    character.pronouns,
    ...(character.traits ?? []),
    character.appearance,
    ...(character.favorite_things ?? []),
  ].filter((text): text is string => typeof text === "string" && text !== "");
}
