import { z } from "zod";

/** A saved character as the API returns it (see `toCharacterResponse`). */
export const characterSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  pronouns: z.string(),
  traits: z.array(z.string()),
  appearance: z.string(),
  favorite_things: z.array(z.string()),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const characterListSchema = z.object({
  characters: z.array(characterSchema).meta({ description: "Oldest first, at most 50." }),
});

export type CharacterResponse = z.infer<typeof characterSchema>;
