import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, startApp, type TestApp, type TestDatabase } from "../support/app";
import { createAccount, eventTypes, storyBody, streamStory } from "../support/client";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai";

let upstream: FakeOpenAI;
let database: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  upstream = await startFakeOpenAI();
  database = await createTestDatabase();
  app = await startApp({ database, upstreamURL: upstream.baseURL, env: { MAX_INFLIGHT_GENERATIONS: "2" } });
});

afterAll(async () => {
  await app?.stop();
  await upstream?.close();
  await database?.drop();
});

describe("admission control (MAX_INFLIGHT_GENERATIONS)", () => {
  it("answers 503 with Retry-After at once above the ceiling, starts no model call, and admits again once a slot frees", async () => {
    const { token } = await createAccount(app.url);
    const firstWords = [0, 1].map(() => {
      let seen = () => {};
      const arrived = new Promise<void>((resolve) => (seen = resolve));
      return { arrived, onEvent: (event: { type: string }) => event.type === "content" && seen() };
    });
    const running = firstWords.map((watch) => streamStory(app.url, token, storyBody({ story_idea: "scenario:slow" }), watch));
    await Promise.all(firstWords.map((watch) => watch.arrived));
    const modelCallsBefore = upstream.requests.length;

    const sentAt = performance.now();
    const refused = await fetch(`${app.url}/api/v1/stories/generate-stream/`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(storyBody()),
    });
    const refusedAfterMs = performance.now() - sentAt;
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("2");
    expect(await refused.json()).toEqual({ error: "The server is busy with other stories; please try again in a moment" });
    expect(refusedAfterMs).toBeLessThan(1000);
    expect(upstream.requests.length).toBe(modelCallsBefore);

    const results = await Promise.all(running);
    for (const result of results) expect(eventTypes(result).at(-1)).toBe("completed");
    const admitted = await streamStory(app.url, token, storyBody());
    expect(eventTypes(admitted).at(-1)).toBe("completed");
  }, 60_000);
});
