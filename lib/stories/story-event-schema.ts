import { z } from "zod";
import type { StoryEvent } from "./sse";

/** What a browser accepts from the stream: the events of sse.ts, checked rather than trusted. */
export const storyEventSchema: z.ZodType<StoryEvent> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("started"), message: z.string(), model: z.string() }),
  z.object({ type: z.literal("content"), data: z.string() }),
  z.object({ type: z.literal("completed"), story_id: z.string(), message: z.string(), story_length: z.number() }),
  z.object({ type: z.literal("error"), message: z.string(), reason: z.literal("unsafe").optional(), withdraw: z.literal(true).optional() }),
]);
