import { encodeEvent, HEARTBEAT, SSE_HEADERS, type StoryEvent } from "./sse.ts";

/** Bytes queued for a slow reader before the generation waits for it: bounds memory per stream. */
export const SSE_QUEUE_BYTES = 16 * 1024;

export type SseWriter = {
  /** One event, one enqueue; dropped once the client is gone. */
  send(event: StoryEvent): void;
  /** Resolves when the reader has room again; undefined when it has room now. */
  ready(): Promise<void> | undefined;
};

/**
 * An SSE response whose body `produce` writes. The body is pull-based: past SSE_QUEUE_BYTES
 * unread, `ready()` makes the producer (and through it the model's socket) wait for the reader.
 */
export function sseResponse(
  produce: (writer: SseWriter) => Promise<void>,
  { heartbeatMs, onCancel = () => {}, onClosed = () => {} }: { heartbeatMs: number; onCancel?: () => void; onClosed?: () => void },
): Response {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let gone = false;
  let waiting: { promise: Promise<void>; resolve: () => void } | undefined;
  const wake = () => {
    const current = waiting;
    waiting = undefined;
    current?.resolve();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const enqueue = (chunk: Uint8Array) => {
          if (!gone) controller.enqueue(chunk);
        };
        const writer: SseWriter = {
          send: (event) => enqueue(encodeEvent(event)),
          ready() {
            if (gone || (controller.desiredSize ?? 1) > 0) return undefined;
            if (!waiting) {
              let resolve = () => {};
              const promise = new Promise<void>((done) => (resolve = done));
              waiting = { promise, resolve };
            }
            return waiting.promise;
          },
        };
        heartbeat = setInterval(() => enqueue(HEARTBEAT), heartbeatMs);
        void produce(writer).finally(() => {
          clearInterval(heartbeat);
          try {
            controller.close();
          } catch {
            // already cancelled by the client
          }
          onClosed();
        });
      },
      pull: wake,
      // Called when the client goes away; req.signal alone is not reliable on every host.
      cancel() {
        gone = true;
        clearInterval(heartbeat);
        wake();
        onCancel();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: SSE_QUEUE_BYTES }),
  );
  return new Response(body, { headers: SSE_HEADERS });
}
