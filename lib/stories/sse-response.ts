import { encodeText, SSE_HEADERS } from "./sse.ts";
import { runSseStream, SSE_QUEUE_BYTES, type SseStream } from "./sse-writer.ts";

/**
 * `stream` as a route handler's Response. The body is pull-based: past SSE_QUEUE_BYTES unread,
 * `ready()` makes the producer (and through it the model's socket) wait for the reader.
 */
export function sseResponse(stream: SseStream): Response {
  let run: ReturnType<typeof runSseStream> | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        run = runSseStream(stream, {
          write: (text) => controller.enqueue(encodeText(text)),
          room: () => controller.desiredSize ?? 1,
          end: () => controller.close(),
        });
      },
      pull: () => run?.wake(),
      cancel: () => run?.cancel(),
    },
    new ByteLengthQueuingStrategy({ highWaterMark: SSE_QUEUE_BYTES }),
  );
  return new Response(body, { headers: SSE_HEADERS });
}
