import { z } from "zod";
import "../zod-jitless.ts";

const fieldMessageSchema = z.object({ field: z.string(), message: z.string() });
export type FieldMessage = z.infer<typeof fieldMessageSchema>;

/** The JSON body of every non-streaming error (`errorResponse` in lib/errors.ts). */
export const errorBodySchema = z.object({
  error: z.string(),
  details: z
    .array(fieldMessageSchema)
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

const field = (value: unknown, key: string): unknown => (typeof value === "object" && value !== null ? Reflect.get(value, key) : undefined);

/** Reads the API's `{ error, details? }` error body, whatever JSON actually came back. */
export function parseErrorBody(body: unknown): { message: string; details: FieldMessage[] } {
  const error = field(body, "error");
  const details = field(body, "details");
  const list = Array.isArray(details)
    ? details.flatMap((detail: unknown) => {
        const parsed = fieldMessageSchema.safeParse(detail);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  return { message: typeof error === "string" ? error : "", details: list };
}
