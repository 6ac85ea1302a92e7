import { encodeText, eventText, HEARTBEAT, SSE_HEADERS, type StoryEvent } from "./sse.ts";

/** Bytes queued for a slow reader before the generation waits for it: bounds memory per stream. */
export const SSE_QUEUE_BYTES = 16 * 1024;

export type SseWriter = {
  /**
   * Queues one event; the events sent in one turn of the event loop (the deltas of one upstream
   * read) leave as one chunk, one socket write. Dropped once the client is gone.
   */
  send(event: StoryEvent): void;
  /** Resolves when the reader has room again; undefined when it has room now. */
  ready(): Promise<void> | undefined;
  /** Sends the events queued in this turn now, before a wait of the producer's own (the save). */
  flush(): void;
};

/**
 * An SSE response whose body `produce` writes. The body is pull-based: past SSE_QUEUE_BYTES
 * unread, `ready()` makes the producer (and through it the model's socket) wait for the reader.
 * Events are flushed together at setImmediate, after the poll phase that produced them: each chunk
 * costs a trip through Next's response pipe and a socket write, the largest per-token costs in
 * the profile.
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
        let pending = "";
        let flushScheduled = false;
        const flush = () => {
          flushScheduled = false;
          if (pending === "") return;
          const text = pending;
          pending = "";
          enqueue(encodeText(text));
          // The stream calls pull only when its queue drops below the mark: a producer waiting on
          // unflushed text alone is woken here.
          if ((controller.desiredSize ?? 1) > 0) wake();
        };
        const writer: SseWriter = {
          send(event) {
            if (gone) return;
            pending += eventText(event);
            if (!flushScheduled) {
              flushScheduled = true;
              setImmediate(flush);
            }
          },
          ready() {
            // Text not yet flushed counts against the room too (in UTF-16 units: close enough to bytes).
            if (gone || (controller.desiredSize ?? 1) - pending.length > 0) return undefined;
            if (!waiting) {
              let resolve = () => {};
              const promise = new Promise<void>((done) => (resolve = done));
              waiting = { promise, resolve };
            }
            return waiting.promise;
          },
          flush,
        };
        heartbeat = setInterval(() => enqueue(HEARTBEAT), heartbeatMs);
        void produce(writer).finally(() => {
          clearInterval(heartbeat);
          flush();
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
