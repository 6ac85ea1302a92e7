import { createParser } from "eventsource-parser";
import { parseErrorBody, type FieldMessage } from "@/lib/http/error-body";
import type { StoryRequest } from "./schema";
import type { StoryEvent } from "./sse";
import { storyEventSchema } from "./events";

export const GENERATE_STREAM_URL = "/api/v1/stories/generate-stream/";

export type { FieldMessage };

/** How one request ended, from the page's point of view. */
export type StreamOutcome =
  | { kind: "completed"; storyId: string; storyLength: number }
  // An `error` event from the server; `unsafe` when the safety check stopped the story, `withdraw`
  // when the text already shown must be taken down.
  | { kind: "failed"; message: string; unsafe?: true; withdraw?: true }
  | { kind: "disconnected" } // the connection dropped before `completed`
  | { kind: "stopped" } // our own AbortController
  | { kind: "unauthenticated" }
  | { kind: "invalid"; details: FieldMessage[] }
  | { kind: "refused"; status: number; message: string };

async function readErrorResponse(res: Response): Promise<StreamOutcome> {
  const body: unknown = await res.json().catch(() => null);
  const { message, details } = parseErrorBody(body);
  if (res.status === 401) return { kind: "unauthenticated" };
  if (res.status === 400 && details.length > 0) return { kind: "invalid", details };
  return { kind: "refused", status: res.status, message: message || `The server answered ${res.status}` };
}

/**
 * POSTs one story request with the session cookie and parses the SSE answer incrementally,
 * handing each event to `onEvent` as it arrives. Resolves with how the request ended; never throws.
 */
export async function readStoryStream({
  input,
  signal,
  onEvent,
}: {
  input: StoryRequest;
  signal: AbortSignal;
  onEvent: (event: StoryEvent) => void;
}): Promise<StreamOutcome> {
  let outcome: StreamOutcome | undefined;
  try {
    const res = await fetch(GENERATE_STREAM_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(input),
      credentials: "same-origin",
      signal,
    });
    if (!res.ok || !res.headers.get("content-type")?.startsWith("text/event-stream")) return await readErrorResponse(res);
    if (!res.body) return { kind: "disconnected" };

    const parser = createParser({
      onEvent: (message) => {
        const parsed = storyEventSchema.safeParse(JSON.parse(message.data));
        if (!parsed.success) return;
        const event = parsed.data;
        if (event.type === "completed") outcome = { kind: "completed", storyId: event.story_id, storyLength: event.story_length };
        if (event.type === "error") {
          outcome = { kind: "failed", message: event.message, ...(event.reason === "unsafe" && { unsafe: true }), ...(event.withdraw && { withdraw: true }) };
        }
        onEvent(event);
      },
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
    return outcome ?? { kind: "disconnected" };
  } catch {
    if (signal.aborted) return { kind: "stopped" };
    return outcome ?? { kind: "disconnected" };
  }
}
