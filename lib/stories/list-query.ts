import { z } from "zod";

/** The query of GET /api/v1/stories/. */
export const listStoriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Stories per page." }),
  cursor: z.string().max(200).optional().meta({ description: "The `next_cursor` of the previous page." }),
});
