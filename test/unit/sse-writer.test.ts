import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { writeSseToNode } from "@/lib/stories/sse-node";
import { sseResponse } from "@/lib/stories/sse-response";
import { createSseWriter, SSE_QUEUE_BYTES, type SseStream, type SseWriter } from "@/lib/stories/sse-writer";

const PIECE = "x".repeat(1000);
const EVENT_BYTES = `data: {"type":"content","data":"${PIECE}"}\n\n`.length;

/** A stream that writes as long as the reader has room: counts what it managed before waiting. */
function floodingStream(total: number) {
  let written = 0;
  let finished = false;
  let cancelled = false;
  const stream: SseStream = {
    async produce(writer) {
      for (let i = 0; i < total; i++) {
        writer.send({ type: "content", data: PIECE });
        written++;
        await writer.ready();
      }
      finished = true;
    },
    heartbeatMs: 60_000,
    onCancel: () => (cancelled = true),
  };
  return { stream, written: () => written, finished: () => finished, cancelled: () => cancelled };
}

const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

/** A writer over a transport that records each write and has `room` bytes. */
function recordingWriter(room = 1_000_000): { writer: SseWriter; writes: string[] } {
  const writes: string[] = [];
  const writer = createSseWriter({ write: (text) => writes.push(text), room: () => room, isGone: () => false });
  return { writer, writes };
}

describe("the SSE writer", () => {
  it("sends the first event at once, then the events of one turn of the event loop as one write, and a later turn's as the next", async () => {
    const { writer, writes } = recordingWriter();
    writer.send({ type: "started", message: "Starting", model: "m" });
    expect(writes).toEqual(['data: {"type":"started","message":"Starting","model":"m"}\n\n']);
    writer.send({ type: "content", data: "Once " });
    writer.send({ type: "content", data: "upon" });
    expect(writes).toHaveLength(1);
    await settle(5);
    writer.send({ type: "content", data: " a time" });
    await settle(5);
    expect(writes.slice(1)).toEqual([
      'data: {"type":"content","data":"Once "}\n\ndata: {"type":"content","data":"upon"}\n\n',
      'data: {"type":"content","data":" a time"}\n\n',
    ]);
  });

  it("flush sends what is queued at once, so the last words do not wait for the save", () => {
    const { writer, writes } = recordingWriter();
    writer.send({ type: "content", data: "The end." });
    writer.flush();
    expect(writes).toEqual(['data: {"type":"content","data":"The end."}\n\n']);
  });

  it("counts text not yet flushed against the reader's room", () => {
    const { writer } = recordingWriter(SSE_QUEUE_BYTES);
    writer.send({ type: "started", message: "Starting", model: "m" }); // leaves at once
    expect(writer.ready()).toBeUndefined();
    for (let i = 0; i * EVENT_BYTES <= SSE_QUEUE_BYTES; i++) writer.send({ type: "content", data: PIECE });
    expect(writer.ready()).toBeInstanceOf(Promise);
  });
});

describe("the SSE writer as a Web Response (route handlers)", () => {
  it("stops the producer once SSE_QUEUE_BYTES are unread, and lets it go on as the reader reads", async () => {
    const flood = floodingStream(500);
    const response = sseResponse(flood.stream);
    await settle();
    const queuedLimit = Math.ceil(SSE_QUEUE_BYTES / EVENT_BYTES);
    expect(flood.written()).toBeGreaterThan(0);
    expect(flood.written()).toBeLessThanOrEqual(queuedLimit + 1);

    let bytes = 0;
    for await (const chunk of response.body ?? []) bytes += chunk.byteLength;
    expect(flood.finished()).toBe(true);
    expect(bytes).toBe(500 * EVENT_BYTES);
  });

  it("releases a waiting producer when the client cancels, and tells the stream", async () => {
    const flood = floodingStream(500);
    const response = sseResponse(flood.stream);
    await settle();
    await response.body?.cancel();
    await settle();
    expect(flood.finished()).toBe(true);
    expect(flood.cancelled()).toBe(true);
  });
});

describe("the SSE writer on a Node.js response (the self-hosting server)", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** Serves `stream` once and returns the response, whose body the test reads (or not) itself. */
  async function serve(stream: SseStream): Promise<IncomingMessage> {
    server = createServer((_req, res) => writeSseToNode(res, stream, { "X-Extra": "yes" }));
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => request({ port, host: "127.0.0.1" }, resolve).on("error", reject).end());
  }

  it("sends the SSE headers and the events in order", async () => {
    const res = await serve({
      async produce(writer) {
        writer.send({ type: "started", message: "Starting", model: "m" });
        await settle(5);
        writer.send({ type: "content", data: "Once" });
      },
      heartbeatMs: 60_000,
    });
    expect(res.headers["content-type"]).toBe("text/event-stream");
    expect(res.headers["x-extra"]).toBe("yes");
    let text = "";
    for await (const chunk of res) text += chunk;
    expect(text).toBe('data: {"type":"started","message":"Starting","model":"m"}\n\ndata: {"type":"content","data":"Once"}\n\n');
  });

  it("stops the producer while the client does not read, and lets it finish once it does", async () => {
    // Past the kernel's socket buffers, which take megabytes before the response's own queue grows.
    const total = 50_000;
    const flood = floodingStream(total);
    const res = await serve(flood.stream);
    res.pause();
    await settle(300);
    const held = flood.written();
    expect(held).toBeLessThan(total);
    await settle(100);
    expect(flood.written()).toBe(held);

    let bytes = 0;
    res.on("data", (chunk: Buffer) => (bytes += chunk.byteLength));
    res.resume();
    await new Promise((resolve) => res.once("end", resolve));
    expect(flood.finished()).toBe(true);
    expect(bytes).toBe(total * EVENT_BYTES);
  });

  it("releases a waiting producer when the client goes away, and tells the stream", async () => {
    const flood = floodingStream(50_000);
    const res = await serve(flood.stream);
    res.pause();
    await settle(300);
    expect(flood.finished()).toBe(false);
    res.destroy();
    await settle(100);
    expect(flood.finished()).toBe(true);
    expect(flood.cancelled()).toBe(true);
  });
});

describe("the SSE writer on a Node.js response whose client left before the stream began", () => {
  it("writes nothing, tells the stream at once, and still lets it run to its end", async () => {
    let cancelled = false;
    let produced = false;
    let writes = 0;
    const served = new Promise<void>((resolve, reject) => {
      const server: Server = createServer((req, res) => {
        req.socket.once("close", () => {
          const write = res.write.bind(res) as (chunk: string) => boolean;
          res.write = ((chunk: string) => {
            writes++;
            return write(chunk);
          }) as typeof res.write;
          try {
            writeSseToNode(res, {
              async produce(writer) {
                writer.send({ type: "started", message: "Starting", model: "m" });
                produced = true;
              },
              heartbeatMs: 60_000,
              onCancel: () => (cancelled = true),
              onClosed: () => server.close(() => resolve()),
            });
          } catch (error) {
            reject(error);
          }
        });
      });
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        const client = request({ port, host: "127.0.0.1", method: "POST" });
        client.on("error", () => {});
        client.write("{");
        setTimeout(() => client.destroy(), 50);
      });
    });
    await served;
    expect(cancelled).toBe(true);
    expect(produced).toBe(true);
    expect(writes).toBe(0);
  });
});
