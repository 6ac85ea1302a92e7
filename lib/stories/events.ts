import { z } from "zod";
import "../zod-jitless.ts";

/** The events of a generation stream, one `data: <json>` line each; the type is inferred from here. */
export const storyEventSchema = z.discriminatedUnion("type", [
  z
    .object({ type: z.literal("started"), message: z.string(), model: z.string() })
    .meta({ description: "Sent before the model is called." }),
  z
    .object({ type: z.literal("content"), data: z.string() })
    .meta({
      description:
        "The next piece of the story, in order. With moderation holding text back (the default), each is a checked sentence or clause; otherwise, text as the model writes it.",
    }),
  z
    .object({
      type: z.literal("completed"),
      story_id: z.uuid(),
      message: z.string(),
      story_length: z.int().min(0).meta({ description: "Unicode code points of the saved story." }),
    })
    .meta({ description: "Sent after the story is saved; its content is the concatenation of the content events." }),
  z
    .object({
      type: z.literal("error"),
      message: z.string(),
      reason: z
        .literal("unsafe")
        .optional()
        .meta({ description: "Present when the safety check stopped the story. The message never quotes the text." }),
      withdraw: z
        .literal(true)
        .optional()
        .meta({
          description:
            "Present when text already sent must be taken down: it was sent before its check (MODERATION_STREAM=async), or the finished story failed the final check.",
        }),
    })
    .meta({ description: "Ends the stream when generation or saving fails; nothing is saved." }),
]);

export type StoryEvent = z.infer<typeof storyEventSchema>;
