import { z } from "zod";

/** A story as the list returns it: every field but the text (see `toStoryResponse`). */
export const storySummarySchema = z.object({
  id: z.uuid(),
  story_name: z.string(),
  hero_name: z.string(),
  story_idea: z.string(),
  story_style: z.string(),
  language: z.string(),
  age: z.int(),
  story_length: z.int().min(0).meta({ description: "Unicode code points of the content." }),
  model: z.string().meta({ description: "The model that wrote it; `storystream-demo` for the demo storyteller." }),
  prompt_tokens: z.int().nullable(),
  completion_tokens: z.int().nullable(),
  created_at: z.iso.datetime(),
  series_id: z.uuid().meta({ description: "The series this story is a chapter of; every story starts one unless it continues one." }),
  chapter: z.int().min(1).meta({ description: "Its chapter number in the series, from 1." }),
  summary: z
    .string()
    .nullable()
    .meta({ description: "The series memory of this chapter, written after it completed; null until then." }),
  characters: z
    .array(
      z.object({
        id: z.uuid().nullable().meta({ description: "null once the character was deleted; the story keeps its name." }),
        name: z.string(),
        kind: z.string(),
      }),
    )
    .meta({ description: "The saved characters it used, as they were when it was written." }),
});

export const storySchema = storySummarySchema.extend({ content: z.string() });

export const storyListSchema = z.object({
  stories: z.array(storySummarySchema).meta({ description: "Newest first." }),
  next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
});

export type StorySummaryResponse = z.infer<typeof storySummarySchema>;
export type StoryResponse = z.infer<typeof storySchema>;
