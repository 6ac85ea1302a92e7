import { describe, expect, it } from "vitest";
import { createAccount, eventTypes, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

// The first-token time-out covers the retries too: room for one 2 s back-off.
const stack = setUpTestApp({ env: { OPENAI_MAX_RETRIES: "1", STORY_FIRST_TOKEN_TIMEOUT_MS: "10000" } });

describe("retries of the model call (OPENAI_MAX_RETRIES)", () => {
  it("retries a 500 before any text once, after a back-off, and streams the story from the second call", async () => {
    const { app, upstream } = stack;
    const { token } = await createAccount(app.url);
    const marker = `retry-${Date.now()}`;
    const result = await streamStory(app.url, token, storyBody({ story_idea: `A kite ${marker} scenario:fail-once` }));
    expect(eventTypes(result).at(-1)).toBe("completed");
    const calls = upstream.requests.filter((request) => request.messagesText.includes(marker));
    expect(calls).toHaveLength(2);
    const [first, second] = calls;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1900);
  }, 60_000);

  it("gives up after the retries and reports the last HTTP error", async () => {
    const { app, upstream } = stack;
    const { token } = await createAccount(app.url);
    const marker = `fail-${Date.now()}`;
    const result = await streamStory(app.url, token, storyBody({ story_idea: `A kite ${marker} scenario:fail-500` }));
    const last = result.events.at(-1)?.event;
    expect(last?.type === "error" && last.message).toMatch(/^Generation failed: OpenAI API error \(HTTP 500\)/);
    expect(upstream.requests.filter((request) => request.messagesText.includes(marker))).toHaveLength(2);
  }, 60_000);

  it("waits the server's Retry-After (1 s on a 429) instead of its own back-off", async () => {
    const { app, upstream } = stack;
    const { token } = await createAccount(app.url);
    const marker = `limited-${Date.now()}`;
    const result = await streamStory(app.url, token, storyBody({ story_idea: `A kite ${marker} scenario:rate-429` }));
    const last = result.events.at(-1)?.event;
    expect(last?.type === "error" && last.message).toMatch(/^Generation failed: OpenAI API error \(HTTP 429\)/);
    const [first, second] = upstream.requests.filter((request) => request.messagesText.includes(marker));
    const waited = (second?.receivedAt ?? 0) - (first?.receivedAt ?? 0);
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(1900);
  }, 60_000);
});
