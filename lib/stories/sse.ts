import type { StoryEvent } from "./events.ts";

export type { StoryEvent } from "./events.ts";

const encoder = new TextEncoder();

/** One `data:` line per event: JSON never contains a raw newline, so line-based clients work. */
export function eventText(event: StoryEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

/** Several events' text as the bytes of one write. */
export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A comment line: it keeps an idle connection open, and clients ignore it. */
export const HEARTBEAT = ": keep-alive\n\n";

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
} as const;
