import { encodeText, HEARTBEAT, SSE_HEADERS } from "./sse.ts";
import { createSseWriter, runSseStream, SSE_QUEUE_BYTES, type SseStream } from "./sse-writer.ts";

/**
 * `stream` as a route handler's Response. The body is pull-based: past SSE_QUEUE_BYTES unread,
 * `ready()` makes the producer (and through it the model's socket) wait for the reader.
 */
export function sseResponse(stream: SseStream): Response {
  let gone = false;
  let wake = () => {};
  let stopHeartbeat = () => {};
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const writer = createSseWriter({
          write: (text) => controller.enqueue(encodeText(text)),
          room: () => controller.desiredSize ?? 1,
          isGone: () => gone,
        });
        wake = writer.wake;
        ({ stopHeartbeat } = runSseStream(stream, writer, {
          heartbeat: () => {
            if (!gone) controller.enqueue(HEARTBEAT);
          },
          end: () => {
            try {
              controller.close();
            } catch {
              // already cancelled by the client
            }
          },
        }));
      },
      pull: () => wake(),
      cancel() {
        gone = true;
        stopHeartbeat();
        wake();
        stream.onCancel?.();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: SSE_QUEUE_BYTES }),
  );
  return new Response(body, { headers: SSE_HEADERS });
}
