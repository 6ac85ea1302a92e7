import { describe, expect, it } from "vitest";
import { createAccount, eventTypes, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

const stack = setUpTestApp({ env: { MAX_INFLIGHT_GENERATIONS: "2" } });

describe("admission control (MAX_INFLIGHT_GENERATIONS)", () => {
  it("answers 503 with Retry-After at once above the ceiling, before any token check or model call, and admits again once a slot frees", async () => {
    const { app, upstream } = stack;
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
    // The ceiling is checked on arrival, before the token: under load a refusal costs no database call.
    const refusedUnchecked = await fetch(`${app.url}/api/v1/stories/generate-stream/`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer not-a-token" },
      body: JSON.stringify(storyBody()),
    });
    expect(refusedUnchecked.status).toBe(503);

    const results = await Promise.all(running);
    for (const result of results) expect(eventTypes(result).at(-1)).toBe("completed");
    const admitted = await streamStory(app.url, token, storyBody());
    expect(eventTypes(admitted).at(-1)).toBe("completed");
  }, 60_000);
});
