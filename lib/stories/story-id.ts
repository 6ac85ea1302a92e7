import { z } from "zod";

export const storyIdSchema = z.uuid();

/** The story id from a URL, or undefined when it is malformed: such an id names no story, so callers answer "not found" without a query. */
export function parseStoryId(value: string): string | undefined {
  const parsed = storyIdSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
