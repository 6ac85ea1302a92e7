import { eventText, HEARTBEAT, type StoryEvent } from "./sse.ts";

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
 * An event stream, apart from the transport that carries it: a Web `Response` for route handlers
 * (sseResponse) or a Node.js response for the self-hosting server (writeSseToNode).
 */
export type SseStream = {
  /** Writes the events; the stream ends when it settles. */
  produce(writer: SseWriter): Promise<void>;
  heartbeatMs: number;
  /** The client went away before the end; req.signal alone is not reliable on every host. */
  onCancel?: () => void;
  /** The stream has ended, either way. */
  onClosed?: () => void;
};

/** What a transport gives the writer: a place for bytes and how much room is left there. */
export type SseTransport = {
  write(text: string): void;
  /** Bytes the reader may still take before the producer should wait (may go negative). */
  room(): number;
  isGone(): boolean;
};

/**
 * The writer over one transport, with `wake` for the transport to call when room opens up or the
 * client leaves. Events are flushed together at setImmediate, after the poll phase that produced
 * them: each chunk costs a socket write, the largest per-token cost in the profile. The first event
 * (`started`) leaves at once: nothing else comes in its turn, and waiting for the turn's end made
 * it wait for the checks of every other request of a burst and for this story's model call (the
 * median `started` of a 100-request burst came 30 to 50% later).
 */
export function createSseWriter(transport: SseTransport): SseWriter & { wake(): void } {
  let waiting: { promise: Promise<void>; resolve: () => void } | undefined;
  let pending = "";
  let flushScheduled = false;
  let sentFirst = false;
  const wake = () => {
    const current = waiting;
    waiting = undefined;
    current?.resolve();
  };
  const flush = () => {
    flushScheduled = false;
    if (pending === "") return;
    const text = pending;
    pending = "";
    if (!transport.isGone()) transport.write(text);
    // A producer waiting on unflushed text alone is woken here: the transport wakes it only when its own queue drains.
    if (transport.room() > 0) wake();
  };
  return {
    send(event) {
      if (transport.isGone()) return;
      pending += eventText(event);
      if (!sentFirst) {
        sentFirst = true;
        flush();
        return;
      }
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    },
    ready() {
      // Text not yet flushed counts against the room too (in UTF-16 units: close enough to bytes).
      if (transport.isGone() || transport.room() - pending.length > 0) return undefined;
      if (!waiting) {
        let resolve = () => {};
        const promise = new Promise<void>((done) => (resolve = done));
        waiting = { promise, resolve };
      }
      return waiting.promise;
    },
    flush,
    wake,
  };
}

/** Where a stream's bytes go: a Web body (sse-response.ts) or a Node.js response (sse-node.ts). */
export type SseSink = {
  write(text: string): void;
  /** Bytes the reader may still take before the producer should wait (may go negative). */
  room(): number;
  /** The stream is done and the client still there: close the body. */
  end(): void;
};

/**
 * Runs `stream` into `sink`: the heartbeat while it produces, then a last flush, `end` and
 * onClosed. The sink calls `wake` when it has room again and `cancel` when the client leaves
 * before the end (which stops the heartbeat, drops later events and tells the stream).
 */
export function runSseStream(stream: SseStream, sink: SseSink): { wake(): void; cancel(): void } {
  let gone = false;
  let ended = false;
  const writer = createSseWriter({ write: sink.write, room: sink.room, isGone: () => gone });
  const timer = setInterval(() => {
    if (!gone) sink.write(HEARTBEAT);
  }, stream.heartbeatMs);
  void stream.produce(writer).finally(() => {
    clearInterval(timer);
    writer.flush();
    ended = true;
    if (!gone) sink.end();
    stream.onClosed?.();
  });
  return {
    wake: writer.wake,
    cancel() {
      if (gone || ended) return;
      gone = true;
      clearInterval(timer);
      writer.wake();
      stream.onCancel?.();
    },
  };
}
