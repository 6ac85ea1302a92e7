import { z } from "zod";
import { characterSnapshotSchema } from "./snapshot";

/** A saved character as the API returns it (see `toCharacterResponse`). */
export const characterSchema = characterSnapshotSchema.extend({
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const characterListSchema = z.object({
  characters: z.array(characterSchema).meta({ description: "Oldest first, at most 50." }),
});

export type CharacterResponse = z.infer<typeof characterSchema>;
