import { z } from "zod";

/** A series as the account export returns it; its chapters are the stories with its `series_id`. */
export const seriesSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  story_so_far: z
    .string()
    .nullable()
    .meta({ description: "The folded summary of chapters 1 to `folded_through`, written by the model for the next chapters' prompts." }),
  folded_through: z.int().min(0),
  chapters: z.array(z.object({ story_id: z.uuid(), chapter: z.int().min(1) })).meta({ description: "In order." }),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export type SeriesResponse = z.infer<typeof seriesSchema>;
