import { z } from "zod";

/** The JSON body of every non-streaming error (`errorResponse` in lib/errors.ts). */
export const errorBodySchema = z.object({
  error: z.string(),
  details: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .meta({ description: "One entry per invalid field, on validation errors." }),
});

/** 422: the story request was flagged by moderation. */
export const moderationErrorBodySchema = z.object({
  error: z.string(),
  categories: z.array(z.string()).meta({ description: "The moderation categories that were flagged." }),
});

/** 500: details go to the server log only, under this request id. */
export const internalErrorBodySchema = z.object({
  error: z.literal("Internal server error"),
  request_id: z.uuid(),
});
