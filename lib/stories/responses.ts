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
});

export const storySchema = storySummarySchema.extend({ content: z.string() });

export const storyListSchema = z.object({
  stories: z.array(storySummarySchema).meta({ description: "Newest first." }),
  next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
});

export type StorySummaryResponse = z.infer<typeof storySummarySchema>;
export type StoryResponse = z.infer<typeof storySchema>;
