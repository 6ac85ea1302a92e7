import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, eventTypes, storyBody, streamedText, streamStory } from "../support/client";
import { STORY_CHUNKS, STORY_UNITS } from "../support/fake-openai";
import { setUpTestApp } from "../support/set-up-test-app";

const stack = setUpTestApp({ env: { SSE_HEARTBEAT_MS: "300" } });
let token: string;
beforeAll(async () => ({ token } = await createAccount(stack.app.url)));

async function getStory(id: string, bearer = token) {
  return fetch(`${stack.app.url}/api/v1/stories/${id}/`, { headers: { Authorization: `Bearer ${bearer}` } });
}

async function storyCount(bearer = token): Promise<number> {
  const res = await fetch(`${stack.app.url}/api/v1/stories/?limit=100`, { headers: { Authorization: `Bearer ${bearer}` } });
  const body = await res.json();
  return body.stories.length;
}

describe("POST /api/v1/stories/generate-stream/", () => {
  it("streams started, content and completed, and saves exactly what was streamed", async () => {
    const result = await streamStory(stack.app.url, token, storyBody());

    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toBe("text/event-stream");
    expect(result.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(result.headers.get("x-accel-buffering")).toBe("no");
    const types = eventTypes(result);
    expect(types[0]).toBe("started");
    expect(types.at(-1)).toBe("completed");
    // Held back until checked (the default): one event per release unit, a clause first, then sentences.
    expect(result.events.flatMap(({ event }) => (event.type === "content" ? [event.data] : []))).toEqual(STORY_UNITS);
    expect(result.events[0]?.event).toMatchObject({ message: "Starting generation of 'The Magic Forest Adventure'" });

    const completed = result.events.at(-1)?.event;
    if (completed?.type !== "completed") throw new Error("no completed event");
    expect(completed.story_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(completed.message).toBe("Story generated and saved successfully");
    const text = streamedText(result);
    expect(text).toBe(STORY_CHUNKS.join(""));
    expect(completed.story_length).toBe([...text].length);
    expect(completed.story_length).toBeLessThan(text.length); // the emoji are one character each

    const saved = await (await getStory(completed.story_id)).json();
    expect(saved.content).toBe(text);
    expect(saved).toMatchObject({
      id: completed.story_id,
      ...storyBody(),
      story_length: completed.story_length,
      model: "gpt-4o-mini",
      prompt_tokens: 42,
      completion_tokens: STORY_CHUNKS.length,
    });
  });

  it("completes when the server's last (usage) chunk has no choices, and keeps its token counts", async () => {
    const result = await streamStory(stack.app.url, token, storyBody({ story_idea: "A kite scenario:usage-no-choices" }));
    const completed = result.events.at(-1)?.event;
    if (completed?.type !== "completed") throw new Error(`ended with ${JSON.stringify(completed)}`);
    expect(streamedText(result)).toBe(STORY_CHUNKS.join(""));
    expect(await (await getStory(completed.story_id)).json()).toMatchObject({ prompt_tokens: 42, completion_tokens: STORY_CHUNKS.length });
  });

  it("answers the slash-less URL directly too, with no redirect", async () => {
    const result = await streamStory(stack.app.url, token, storyBody(), { path: "/api/v1/stories/generate-stream" });
    expect(result.status).toBe(200);
    expect(eventTypes(result).at(-1)).toBe("completed");
  });

  it("sends the prompt to the model through Chat Completions with the family's choices as data", async () => {
    const marker = `idea-${Date.now()}`;
    await streamStory(stack.app.url, token, storyBody({ story_idea: `${marker} a dragon who is afraid of the dark`, age: 4, language: "fr" }));
    const [request] = stack.upstream.requestsFor(marker);
    expect(request?.body.stream).toBe(true);
    expect(request?.body.model).toBe("gpt-4o-mini");
    const system = request?.body.messages?.[0];
    expect(system?.role).toBe("system");
    expect(String(system?.content)).toContain("4-year-old");
    expect(String(system?.content)).toContain("French");
    expect(request?.messagesText).toContain(`"hero_name": "Alice"`);
  });

  it("delivers each event as it is written, even to a client that accepts gzip", async () => {
    const result = await streamStory(stack.app.url, token, storyBody({ story_idea: "scenario:slow" }), {
      headers: { "Accept-Encoding": "gzip, deflate, br" },
    });
    expect(result.headers.get("content-encoding")).toBeNull();
    const contentTimes = result.events.filter(({ event }) => event.type === "content").map(({ at }) => at);
    expect(contentTimes).toHaveLength(STORY_UNITS.length);
    // The upstream sends a chunk every 200 ms, so the units complete ~600 ms apart (the last two
    // together): buffered delivery would bunch them. A busy machine can delay one event into the next.
    const gaps = contentTimes.slice(1).map((at, index) => at - (contentTimes[index] ?? at));
    expect(gaps.filter((gap) => gap > 100).length).toBeGreaterThanOrEqual(gaps.length - 2);
    expect((contentTimes.at(-1) ?? 0) - (contentTimes[0] ?? 0)).toBeGreaterThan(1000);
    expect(eventTypes(result).at(-1)).toBe("completed");
  });

  it("keeps a quiet connection alive with comment heartbeats that clients ignore", async () => {
    const result = await streamStory(stack.app.url, token, storyBody({ story_idea: "scenario:slow" }));
    expect(result.comments.length).toBeGreaterThanOrEqual(3);
    expect(result.comments.every((comment) => comment.trim() === "keep-alive")).toBe(true);
    expect(eventTypes(result).at(-1)).toBe("completed");
  });

  it("sends started before the model answers its first token", async () => {
    const marker = `started-first-${Date.now()}`;
    const result = await streamStory(stack.app.url, token, storyBody({ story_idea: `${marker} scenario:slow` }));
    const started = result.events[0];
    const firstContent = result.events.find(({ event }) => event.type === "content");
    expect(started?.event.type).toBe("started");
    expect((firstContent?.at ?? 0) - (started?.at ?? 0)).toBeGreaterThan(150);
  });
});

describe("logs", () => {
  it("write one JSON line per request and per generation, without story text or secrets", async () => {
    const result = await streamStory(stack.app.url, token, storyBody({ story_idea: "a secret garden of glowing maps" }));
    const completed = result.events.at(-1)?.event;
    if (completed?.type !== "completed") throw new Error("expected completed");
    await stack.app.waitForLog((line) => line.includes('"story_generation"') && line.includes(completed.story_id));
    await stack.app.waitForLog((line) => line.includes('"http_request"') && line.includes('"/api/v1/stories/generate-stream/"'));
    const lines = stack.app.logs.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
    const generation = lines.find((line) => line.event === "story_generation" && line.story_id === completed.story_id);
    expect(generation).toMatchObject({
      level: "info",
      model: "gpt-4o-mini",
      prompt_tokens: 42,
      completion_tokens: STORY_CHUNKS.length,
      outcome: "completed",
      first_token_ms: expect.any(Number),
      duration_ms: expect.any(Number),
    });
    expect(lines.some((line) => line.event === "http_request" && line.path === "/api/v1/stories/generate-stream/" && line.status === 200)).toBe(true);
    const everything = stack.app.logs.join("\n");
    for (const secret of ["glowing map", "secret garden", STORY_CHUNKS[2] ?? "", token, stack.app.env.NEXTAUTH_SECRET ?? "", "sk-test"]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe("client disconnect", () => {
  it("aborts the upstream request at once and saves nothing", async () => {
    const before = await storyCount();
    const marker = `disconnect-${Date.now()}`;
    let contentSeen = 0;
    const result = await streamStory(stack.app.url, token, storyBody({ story_idea: `${marker} scenario:long` }), {
      onEvent: (event, controller) => {
        if (event.type === "content" && ++contentSeen === 1) controller.abort();
      },
    });
    const abortedAt = Date.now();
    expect(eventTypes(result)).not.toContain("completed");
    expect(stack.upstream.requestsFor(marker)).toHaveLength(1);
    while (stack.upstream.openRequests() > 0 && Date.now() - abortedAt < 3000) await new Promise((r) => setTimeout(r, 20));
    expect(stack.upstream.openRequests()).toBe(0);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    // The long scenario would have finished 6 s after it started; wait past it to be sure.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await storyCount()).toBe(before);
    const outcome = await stack.app.waitForLog((line) => line.includes('"story_generation"') && line.includes('"outcome":"aborted"'));
    expect(outcome).toBeDefined();
  });
});

describe("upstream failures end in one error event and save nothing", () => {
  const cases: Array<[string, RegExp]> = [
    ["fail-500", /^Generation failed: OpenAI API error \(HTTP 500\)/],
    ["rate-429", /^Generation failed: OpenAI API error \(HTTP 429\)/],
    ["malformed", /^Generation failed: the model sent a malformed chunk$/],
    ["error-mid", /^Generation failed: the model reported an error: The model is overloaded$/],
    ["drop-mid", /^Generation failed: the connection to the model was lost$/],
    ["hang-first", /^Generation failed: the model did not respond in time \(no first token within 1.5 s\)$/],
    ["hang-mid", /^Generation failed: the model did not respond in time \(no next token within 1.5 s\)$/],
  ];
  for (const [scenario, message] of cases) {
    it(`${scenario}`, async () => {
      const before = await storyCount();
      const startedAt = Date.now();
      const result = await streamStory(stack.app.url, token, storyBody({ story_idea: `scenario:${scenario}` }));
      const types = eventTypes(result);
      expect(types[0]).toBe("started");
      expect(types.filter((type) => type === "error")).toHaveLength(1);
      expect(types).not.toContain("completed");
      expect(types.at(-1)).toBe("error");
      const error = result.events.at(-1)?.event;
      expect(error?.type === "error" && error.message).toMatch(message);
      expect(Date.now() - startedAt).toBeLessThan(5000);
      expect(await storyCount()).toBe(before);
      await expect.poll(() => stack.upstream.openRequests(), { timeout: 1000 }).toBe(0);
    });
  }
});

describe("request validation happens before anything streams", () => {
  const invalidBodies: Array<[string, unknown, string]> = [
    ["missing story_name", { ...storyBody(), story_name: undefined }, "story_name"],
    ["blank hero_name", storyBody({ hero_name: "   " }), "hero_name"],
    ["too long story_idea", storyBody({ story_idea: "x".repeat(1001) }), "story_idea"],
    ["numeric story_style", { ...storyBody(), story_style: 7 }, "story_style"],
    ["invalid language tag", storyBody({ language: "english please" }), "language"],
    ["age too young", storyBody({ age: 1 }), "age"],
    ["age too old", storyBody({ age: 40 }), "age"],
    ["fractional age", storyBody({ age: 7.5 }), "age"],
    ["age as a string", { ...storyBody(), age: "8" }, "age"],
  ];
  for (const [name, body, field] of invalidBodies) {
    it(`rejects ${name} with 400 and a field message`, async () => {
      const modelCallsBefore = stack.upstream.requests.length;
      const result = await streamStory(stack.app.url, token, body);
      expect(result.status).toBe(400);
      expect(result.json).toMatchObject({
        error: "Invalid request body",
        details: expect.arrayContaining([{ field, message: expect.any(String) }]),
      });
      expect(stack.upstream.requests.length).toBe(modelCallsBefore);
    });
  }

  it("rejects a body that is not JSON with 400", async () => {
    const result = await streamStory(stack.app.url, token, "{not json");
    expect(result.status).toBe(400);
    expect(result.json).toEqual({ error: "Request body must be valid JSON" });
  });

  it("rejects a body over 16 KB with 413", async () => {
    const result = await streamStory(stack.app.url, token, { ...storyBody(), padding: "x".repeat(17 * 1024) });
    expect(result.status).toBe(413);
    expect(result.json).toMatchObject({ error: expect.stringContaining("16 KB") });
  });

  it("trims text fields before saving", async () => {
    const result = await streamStory(stack.app.url, token, storyBody({ hero_name: "  Zoë  " }));
    const completed = result.events.at(-1)?.event;
    if (completed?.type !== "completed") throw new Error("expected completed");
    expect((await (await getStory(completed.story_id)).json()).hero_name).toBe("Zoë");
  });
});
