import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatCompletionsSource } from "@/lib/ai/chat-completions";
import type { ModelRequest } from "@/lib/ai/model-source";
import { STORY_CHUNKS, startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai";

let upstream: FakeOpenAI;
beforeAll(async () => {
  upstream = await startFakeOpenAI();
});
afterAll(() => upstream.close());

const request = (prompt: string, signal: AbortSignal): ModelRequest => ({ system: "s", prompt, maxOutputTokens: 100, temperature: 0, maxRetries: 0, signal });

describe("chatCompletionsSource (the openai SDK over real HTTP)", () => {
  it("streams the text and the finish, and leaves no listener on the caller's signal", async () => {
    const source = chatCompletionsSource({ baseURL: upstream.baseURL, apiKey: "test", model: "test-model" });
    // A timeout signal with an abort listener stays alive, with its request's context, until it fires.
    const signal = AbortSignal.timeout(30_000);
    let text = "";
    const finish = await source(request("scenario:story", signal), { write: (piece) => (text += piece), ready: () => undefined });
    expect(text).toBe(STORY_CHUNKS.join(""));
    expect(finish).toEqual({ finishReason: "stop", usage: { prompt: 42, completion: STORY_CHUNKS.length } });
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("ends with the caller's abort reason when the caller aborts mid-story, and leaves no listener", async () => {
    const source = chatCompletionsSource({ baseURL: upstream.baseURL, apiKey: "test", model: "test-model" });
    const caller = new AbortController();
    const reason = new Error("the family left");
    const call = source(request("scenario:slow", caller.signal), { write: () => caller.abort(reason), ready: () => undefined });
    await expect(call).rejects.toBe(reason);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });
});
