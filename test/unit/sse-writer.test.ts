import { describe, expect, it } from "vitest";
import { SSE_QUEUE_BYTES, sseResponse } from "@/lib/stories/sse-writer";

const PIECE = "x".repeat(1000);

/** A producer that writes as long as the reader has room: counts what it managed before waiting. */
function floodingResponse(total: number) {
  let written = 0;
  let finished = false;
  const response = sseResponse(
    async (writer) => {
      for (let i = 0; i < total; i++) {
        writer.send({ type: "content", data: PIECE });
        written++;
        await writer.ready();
      }
      finished = true;
    },
    { heartbeatMs: 60_000 },
  );
  return { response, written: () => written, finished: () => finished };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("the SSE writer's backpressure", () => {
  it("stops the producer once SSE_QUEUE_BYTES are unread, and lets it go on as the reader reads", async () => {
    const flood = floodingResponse(500);
    await settle();
    const eventBytes = `data: {"type":"content","data":"${PIECE}"}\n\n`.length;
    const queuedLimit = Math.ceil(SSE_QUEUE_BYTES / eventBytes);
    expect(flood.written()).toBeGreaterThan(0);
    expect(flood.written()).toBeLessThanOrEqual(queuedLimit + 1);
    const heldBefore = flood.written();

    const reader = flood.response.body?.getReader();
    if (!reader) throw new Error("no body");
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    expect(flood.finished()).toBe(true);
    expect(flood.written()).toBe(500);
    expect(bytes).toBe(500 * eventBytes);
    expect(heldBefore).toBeLessThan(500);
  });

  it("releases a waiting producer when the client cancels, and drops what it writes after", async () => {
    const flood = floodingResponse(500);
    await settle();
    await flood.response.body?.cancel();
    await settle();
    expect(flood.finished()).toBe(true);
  });
});

/** The body's chunks as they were enqueued, decoded. */
async function readChunks(response: Response): Promise<string[]> {
  const chunks: string[] = [];
  if (!response.body) throw new Error("no body");
  for await (const chunk of response.body) chunks.push(new TextDecoder().decode(chunk));
  return chunks;
}

describe("the SSE writer's batching", () => {
  it("sends the events of one turn of the event loop as one chunk, and a later turn's as the next", async () => {
    const response = sseResponse(
      async (writer) => {
        writer.send({ type: "started", message: "Starting", model: "m" });
        writer.send({ type: "content", data: "Once " });
        writer.send({ type: "content", data: "upon" });
        await new Promise((resolve) => setTimeout(resolve, 5));
        writer.send({ type: "content", data: " a time" });
      },
      { heartbeatMs: 60_000 },
    );
    const chunks = await readChunks(response);
    expect(chunks).toEqual([
      'data: {"type":"started","message":"Starting","model":"m"}\n\ndata: {"type":"content","data":"Once "}\n\ndata: {"type":"content","data":"upon"}\n\n',
      'data: {"type":"content","data":" a time"}\n\n',
    ]);
  });
});

describe("the SSE writer's flush", () => {
  it("sends what is queued at once, so the last words do not wait for the save", async () => {
    const response = sseResponse(
      async (writer) => {
        writer.send({ type: "content", data: "The " });
        writer.send({ type: "content", data: "end." });
        writer.flush();
        writer.send({ type: "completed", story_id: "s", message: "saved", story_length: 8 });
      },
      { heartbeatMs: 60_000 },
    );
    const chunks = await readChunks(response);
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toContain('"type":"completed"');
  });
});
