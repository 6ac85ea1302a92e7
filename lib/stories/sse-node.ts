import type { ServerResponse } from "node:http";
import { HEARTBEAT, SSE_HEADERS } from "./sse.ts";
import { createSseWriter, runSseStream, type SseStream } from "./sse-writer.ts";

/**
 * `stream` written straight to a Node.js response (the self-hosting server): one `res.write` per
 * flushed turn, no Web Streams in between. Backpressure is the socket's own: once its buffer reaches
 * the high-water mark (SSE_QUEUE_BYTES on the self-hosting server), the producer waits for `drain`.
 * Not a smaller bound of our own: `drain` comes only after a write has crossed the socket's mark.
 */
export function writeSseToNode(res: ServerResponse, stream: SseStream, headers: Record<string, string> = {}): void {
  // The client may have left while the checks before the stream ran.
  let gone = res.destroyed;
  let ended = false;
  const writer = createSseWriter({
    write: (text) => res.write(text),
    room: () => res.writableHighWaterMark - res.writableLength,
    isGone: () => gone,
  });
  if (!gone) {
    res.writeHead(200, { ...headers, ...SSE_HEADERS });
    res.flushHeaders();
  }
  const { stopHeartbeat } = runSseStream(stream, writer, {
    heartbeat: () => {
      if (!gone) res.write(HEARTBEAT);
    },
    end: () => {
      ended = true;
      if (!gone) res.end();
    },
  });
  const cancel = () => {
    gone = true;
    stopHeartbeat();
    writer.wake();
    stream.onCancel?.();
  };
  if (gone) cancel();
  res.on("drain", writer.wake);
  res.once("close", () => {
    if (!ended && !res.writableFinished && !gone) cancel();
  });
}
