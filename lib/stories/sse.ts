export type StoryEvent =
  | { type: "started"; message: string; model: string }
  | { type: "content"; data: string }
  | { type: "completed"; story_id: string; message: string; story_length: number }
  | { type: "error"; message: string };

const encoder = new TextEncoder();

/** One `data:` line per event: JSON never contains a raw newline, so line-based clients work. */
export function encodeEvent(event: StoryEvent): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(event)}\n\n`);
}

export const HEARTBEAT = encoder.encode(": keep-alive\n\n");

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
} as const;
