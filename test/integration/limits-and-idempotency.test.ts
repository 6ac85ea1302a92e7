import { describe, expect, it } from "vitest";
import { createAccount, eventTypes, openStream, storyBody, streamStory, type StreamResult } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

const LIMITS = {
  RATE_LIMIT_STORIES_PER_HOUR: "10",
  RATE_LIMIT_CONCURRENT_STREAMS: "2",
  LOGIN_MAX_FAILURES_PER_ACCOUNT: "3",
  LOGIN_MAX_FAILURES_PER_IP: "5",
};

const stack = setUpTestApp({ env: LIMITS });

const authorized = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const completedId = (result: StreamResult) => {
  const last = result.events.at(-1)?.event;
  return last?.type === "completed" ? last.story_id : undefined;
};

describe("per-user generation limits", () => {
  it("allows 10 stories an hour and answers the 11th with 429 and Retry-After, before anything streams", async () => {
    const { token } = await createAccount(stack.app.url);
    for (let i = 0; i < 10; i++) {
      const result = await streamStory(stack.app.url, token, storyBody());
      expect(result.status).toBe(200);
    }
    const modelCalls = stack.upstream.requests.length;
    const over = await streamStory(stack.app.url, token, storyBody());
    expect(over.status).toBe(429);
    expect(over.json).toEqual({ error: "You can create 10 stories per hour; please try again later" });
    const retryAfter = Number(over.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(stack.upstream.requests.length).toBe(modelCalls);
    // Another user is unaffected.
    const other = await createAccount(stack.app.url);
    expect((await streamStory(stack.app.url, other.token, storyBody())).status).toBe(200);
  }, 90_000);

  it("caps concurrent streams per user at 2 and frees the slot when a stream ends", async () => {
    const { token } = await createAccount(stack.app.url);
    const slow = () => openStream(stack.app.url, token, storyBody({ story_idea: "scenario:slow" }));
    const first = slow();
    const second = slow();
    await Promise.all([first.started, second.started]);
    const third = await streamStory(stack.app.url, token, storyBody());
    expect(third.status).toBe(429);
    expect(third.json).toMatchObject({ error: expect.stringContaining("2 stories being written") });
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await first.result).status).toBe(200);
    expect((await second.result).status).toBe(200);
    expect((await streamStory(stack.app.url, token, storyBody())).status).toBe(200);
  });
});

describe("Idempotency-Key", () => {
  it("replays a completed generation: same story, one row, one model call, no second count", async () => {
    const { token } = await createAccount(stack.app.url);
    const key = `retry-${Date.now()}`;
    const marker = `idem-${Date.now()}`;
    const headers = { "Idempotency-Key": key };
    const first = await streamStory(stack.app.url, token, storyBody({ story_idea: marker }), { headers });
    const second = await streamStory(stack.app.url, token, storyBody({ story_idea: marker }), { headers });
    expect(completedId(first)).toBeDefined();
    expect(completedId(second)).toBe(completedId(first));
    expect(eventTypes(second)).toEqual(["started", "content", "completed"]);
    expect(stack.upstream.requestsFor(marker)).toHaveLength(1);
    const list = await (await fetch(`${stack.app.url}/api/v1/stories/`, authorized(token))).json();
    expect(list.stories).toHaveLength(1);
    // Nine more fit in the hourly limit of 10: the replay did not count.
    for (let i = 0; i < 9; i++) expect((await streamStory(stack.app.url, token, storyBody())).status).toBe(200);
  }, 90_000);

  it("answers 409 while the first request with the key is still running", async () => {
    const { token } = await createAccount(stack.app.url);
    const headers = { "Idempotency-Key": `running-${Date.now()}` };
    const first = openStream(stack.app.url, token, storyBody({ story_idea: "scenario:slow" }), { headers });
    await first.started;
    const second = await streamStory(stack.app.url, token, storyBody({ story_idea: "scenario:slow" }), { headers });
    expect(second.status).toBe(409);
    expect(second.json).toEqual({ error: "A generation with this Idempotency-Key is still running" });
    expect(completedId(await first.result)).toBeDefined();
  });

  it("runs anew after the first attempt failed", async () => {
    const { token } = await createAccount(stack.app.url);
    const headers = { "Idempotency-Key": `failed-${Date.now()}` };
    const marker = `fail-then-retry-${Date.now()}`;
    const failed = await streamStory(stack.app.url, token, storyBody({ story_idea: `${marker} scenario:fail-500` }), { headers });
    expect(eventTypes(failed).at(-1)).toBe("error");
    const retried = await streamStory(stack.app.url, token, storyBody({ story_idea: `${marker} scenario:fail-500` }), { headers });
    expect(eventTypes(retried).at(-1)).toBe("error");
    expect(stack.upstream.requestsFor(marker)).toHaveLength(2);
  });

  it("rejects a malformed key with 400", async () => {
    const { token } = await createAccount(stack.app.url);
    const result = await streamStory(stack.app.url, token, storyBody(), { headers: { "Idempotency-Key": "has spaces" } });
    expect(result.status).toBe(400);
  });
});

describe("sign-in throttling", () => {
  const login = (email: string, password: string, ip: string) =>
    fetch(`${stack.app.url}/api/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
      body: JSON.stringify({ email, password }),
    });

  it("blocks an account at an address after 3 failures, even with the right password, with Retry-After; not from elsewhere", async () => {
    const { email, password } = await createAccount(stack.app.url);
    for (let i = 0; i < 3; i++) expect((await login(email, "wrong password", "10.0.0.1")).status).toBe(401);
    const blocked = await login(email, password, "10.0.0.1");
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toEqual({ error: "Too many failed sign-in attempts; please wait and try again" });
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // A stranger's failures elsewhere do not lock the parent out.
    expect((await login(email, password, "10.0.0.2")).status).toBe(200);
  });

  it("blocks an address after 5 failures across accounts, leaving other addresses alone", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < 5; i++) {
      const { email } = await createAccount(stack.app.url);
      expect((await login(email, "wrong password", ip)).status).toBe(401);
    }
    const { email, password } = await createAccount(stack.app.url);
    expect((await login(email, password, ip)).status).toBe(429);
    expect((await login(email, password, "203.0.113.9")).status).toBe(200);
  });
});
