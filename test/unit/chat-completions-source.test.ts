import { getEventListeners } from "node:events";
import { createServer } from "node:net";
import { APICallError } from "@ai-sdk/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatCompletionsSource } from "@/lib/ai/chat-completions";
import { ModelStreamError, type ModelRequest } from "@/lib/ai/model-source";
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

  it("names each failure as the app speaks of it: HTTP errors with their status, failures after the stream began as stream errors", async () => {
    const source = chatCompletionsSource({ baseURL: upstream.baseURL, apiKey: "test", model: "test-model" });
    const failure = async (scenario: string) => {
      const written: string[] = [];
      const error = await source(request(`scenario:${scenario}`, new AbortController().signal), { write: (piece) => written.push(piece), ready: () => undefined }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      return { error, written };
    };

    const rateLimited = await failure("rate-429");
    expect(rateLimited.error).toBeInstanceOf(APICallError);
    expect(rateLimited.error).toMatchObject({ statusCode: 429, message: "Rate limit reached", isRetryable: true, responseHeaders: expect.objectContaining({ "retry-after": "1" }) });
    expect((await failure("fail-500")).error).toMatchObject({ statusCode: 500, isRetryable: true });

    const malformed = await failure("malformed");
    expect(malformed.error).toBeInstanceOf(ModelStreamError);
    expect(malformed.error).toHaveProperty("message", "the model sent a malformed chunk");
    expect(await failure("error-mid")).toMatchObject({ error: { message: "the model reported an error: The model is overloaded" }, written: ["Once "] });
    const dropped = await failure("drop-mid");
    expect(dropped.error).toBeInstanceOf(ModelStreamError);
    expect(dropped).toMatchObject({ error: { message: "the connection to the model was lost" }, written: ["Once upon ", "a time"] });
  });

  it("reports a server it cannot reach as a retryable connection failure", async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const source = chatCompletionsSource({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "test", model: "test-model" });
    const error = await source(request("scenario:story", new AbortController().signal), { write: () => undefined, ready: () => undefined }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APICallError);
    expect(error).toMatchObject({ message: "Cannot connect to API: Connection error.", isRetryable: true });
  });
});
