import { afterEach, describe, expect, it, vi } from "vitest";
import { readStoryStream } from "@/lib/stories/read-story-stream";
import type { StoryEvent } from "@/lib/stories/sse";

const input = { story_name: "T", hero_name: "H", story_idea: "I", story_style: "Fantasy", language: "en", age: 6 };

/** A response that delivers `pieces` as separate network chunks, the way a slow stream arrives. */
function sseResponse(pieces: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
}

async function read(response: Response, signal = new AbortController().signal) {
  vi.stubGlobal("fetch", vi.fn(async () => response));
  const events: StoryEvent[] = [];
  const outcome = await readStoryStream({ input, signal, onEvent: (event) => events.push(event) });
  return { events, outcome };
}

afterEach(() => vi.unstubAllGlobals());

describe("readStoryStream", () => {
  it("parses events split across chunks, ignores heartbeats, and ends completed", async () => {
    const { events, outcome } = await read(
      sseResponse([
        'data: {"type":"started","message":"Starting","model":"m"}\n\n: keep-alive\n\n',
        'data: {"type":"content","da',
        'ta":"Once upon "}\n\ndata: {"type":"content","data":"a time"}\n',
        '\ndata: {"type":"completed","story_id":"5b0c1a52-3f0e-4c3a-9d3e-2f1b6a7c8d90","message":"saved","story_length":16}\n\n',
      ]),
    );
    expect(events.map((event) => event.type)).toEqual(["started", "content", "content", "completed"]);
    expect(events.flatMap((event) => (event.type === "content" ? [event.data] : [])).join("")).toBe("Once upon a time");
    expect(outcome).toEqual({ kind: "completed", storyId: "5b0c1a52-3f0e-4c3a-9d3e-2f1b6a7c8d90", storyLength: 16 });
  });

  it("reports an error event as failed, and a stream that just ends as disconnected", async () => {
    expect((await read(sseResponse(['data: {"type":"error","message":"Generation failed: boom"}\n\n']))).outcome).toEqual({
      kind: "failed",
      message: "Generation failed: boom",
    });
    expect((await read(sseResponse(['data: {"type":"content","data":"Once"}\n\n']))).outcome).toEqual({ kind: "disconnected" });
  });

  it("reports a story the safety check stopped, and whether the page must withdraw what it showed", async () => {
    const stopped = 'data: {"type":"error","message":"Generation failed: we stopped this story","reason":"unsafe"}\n\n';
    expect((await read(sseResponse([stopped]))).outcome).toEqual({ kind: "failed", message: "Generation failed: we stopped this story", unsafe: true });
    const withdrawn = 'data: {"type":"error","message":"Generation failed: x","reason":"unsafe","withdraw":true}\n\n';
    expect((await read(sseResponse([withdrawn]))).outcome).toEqual({ kind: "failed", message: "Generation failed: x", unsafe: true, withdraw: true });
  });

  it("turns a 400 into field messages and a 401 into unauthenticated", async () => {
    const invalid = Response.json({ error: "Invalid request body", details: [{ field: "age", message: "Age must be between 3 and 12" }] }, { status: 400 });
    expect((await read(invalid)).outcome).toEqual({ kind: "invalid", details: [{ field: "age", message: "Age must be between 3 and 12" }] });
    expect((await read(Response.json({ error: "Authentication required" }, { status: 401 }))).outcome).toEqual({ kind: "unauthenticated" });
  });

  it("reports its own abort as stopped", async () => {
    const controller = new AbortController();
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init?: RequestInit) => {
        controller.abort();
        init?.signal?.throwIfAborted();
        return sseResponse([]);
      }),
    );
    const outcome = await readStoryStream({ input, signal: controller.signal, onEvent: () => {} });
    expect(outcome).toEqual({ kind: "stopped" });
  });
});
