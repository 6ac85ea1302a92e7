import type { ServerResponse } from "node:http";
import { SSE_HEADERS } from "./sse.ts";
import { runSseStream, type SseStream } from "./sse-writer.ts";

/**
 * `stream` written straight to a Node.js response (the self-hosting server): one `res.write` per
 * flushed turn, no Web Streams in between. Backpressure is the socket's own: once its buffer reaches
 * the high-water mark (SSE_QUEUE_BYTES on the self-hosting server), the producer waits for `drain`.
 * Not a smaller bound of our own: `drain` comes only after a write has crossed the socket's mark.
 */
export function writeSseToNode(res: ServerResponse, stream: SseStream, headers: Record<string, string> = {}): void {
  // The client may have left while the checks before the stream ran.
  const gone = res.destroyed;
  // The headers leave with the first event (`started`, written as soon as it is sent): one socket write, not two.
  if (!gone) res.writeHead(200, { ...headers, ...SSE_HEADERS });
  const run = runSseStream(stream, {
    // The first event is written while runSseStream starts, before `cancel` below can mark a gone client.
    write: (text) => {
      if (!res.destroyed) res.write(text);
    },
    room: () => res.writableHighWaterMark - res.writableLength,
    end: () => res.end(),
  });
  if (gone) run.cancel();
  res.on("drain", run.wake);
  res.once("close", () => {
    if (!res.writableFinished) run.cancel();
  });
}
