import { afterEach, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../support/app";
import { createAccount, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

// Vercel runs many instances: the limits must hold across processes. Two `next start` processes
// share one PostgreSQL database (and, in the second block, one Redis). The embedded database
// cannot be shared, so these run in the PostgreSQL pass of `npm test` (TEST_DATABASE_URL).
const redisUrl = process.env.REDIS_TEST_URL;

for (const store of ["postgres", "redis"] as const) {
  const available = Boolean(testDatabaseUrl()) && (store === "postgres" || Boolean(redisUrl));
  describe.skipIf(!available)(`limits across two instances sharing ${store}`, () => {
    const stack = setUpTestApp({ start: false, env: store === "redis" && redisUrl ? { REDIS_URL: redisUrl } : {} });
    afterEach(() => stack.stopApps());

    async function startPair(limits: Record<string, string>): Promise<[string, string]> {
      const apps = await Promise.all([0, 1].map(() => stack.startApp(limits)));
      return [apps[0]?.url ?? "", apps[1]?.url ?? ""];
    }

    it("lets exactly 10 of 50 simultaneous requests through, split over both instances", async () => {
      const urls = await startPair({ RATE_LIMIT_STORIES_PER_HOUR: "10", RATE_LIMIT_CONCURRENT_STREAMS: "100" });
      const { token } = await createAccount(urls[0]);
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => streamStory(urls[i % 2] ?? "", token, storyBody())));
      const ok = results.filter((result) => result.status === 200).length;
      const limited = results.filter((result) => result.status === 429);
      const others = results.filter((result) => result.status !== 200 && result.status !== 429).map((result) => `${result.status} ${JSON.stringify(result.json)}`);
      console.log(`[${store}] 50 simultaneous requests, limit 10 per hour: ${ok} got through, ${limited.length} got 429${others.length ? `, others: ${others.join("; ")}` : ""}`);
      expect(ok).toBe(10);
      expect(limited).toHaveLength(40);
      for (const result of limited) expect(Number(result.headers.get("retry-after"))).toBeGreaterThan(0);
      const list = await (await fetch(`${urls[1]}/api/v1/stories/?limit=100`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(list.stories).toHaveLength(10);
    }, 120_000);

    it("lets exactly 5 of 20 simultaneous registrations from one address through, split over both instances", async () => {
      const urls = await startPair({ REGISTRATIONS_PER_IP_PER_HOUR: "5" });
      // Redis outlives the run: an address of its own keeps a rerun within the hour from starting at the limit.
      const address = `2001:db8::${Date.now().toString(16).slice(-4)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fetch(`${urls[i % 2]}/api/v1/auth/register`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Forwarded-For": address },
            body: JSON.stringify({ email: `pair-${store}-${Date.now()}-${i}@example.com`, password: "a fine long password" }),
          }),
        ),
      );
      const statuses = results.map((res) => res.status);
      console.log(`[${store}] 20 simultaneous registrations from one address, limit 5: ${statuses.filter((s) => s === 201).length} created`);
      expect(statuses.filter((status) => status === 201)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    }, 120_000);

    it("checks exactly 10 of 30 simultaneous wrong passwords, split over both instances", async () => {
      const urls = await startPair({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "10" });
      const { email } = await createAccount(urls[0]);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          fetch(`${urls[i % 2]}/api/v1/auth/token`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Forwarded-For": "203.0.113.9" },
            body: JSON.stringify({ email, password: "not the password" }),
          }),
        ),
      );
      const statuses = results.map((res) => res.status);
      console.log(`[${store}] 30 simultaneous wrong passwords, limit 10: ${statuses.filter((s) => s === 401).length} checked`);
      expect(statuses.filter((status) => status === 401)).toHaveLength(10);
      expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    }, 120_000);

    it("a story being written on one instance is not saved when the account is deleted on the other", async () => {
      const urls = await startPair({});
      const account = await createAccount(urls[0]);
      let deleted: Promise<Response> | undefined;
      const result = await streamStory(urls[0], account.token, storyBody({ story_idea: "scenario:long" }), {
        onEvent: (event) => {
          if (event.type === "content" && !deleted) {
            deleted = fetch(`${urls[1]}/api/v1/account`, {
              method: "DELETE",
              headers: { Authorization: `Bearer ${account.token}`, "Content-Type": "application/json" },
              body: JSON.stringify({ password: account.password }),
            });
          }
        },
      });
      expect((await deleted)?.status).toBe(204);
      expect(result.events.map(({ event }) => event.type)).not.toContain("completed");
      expect(result.events.at(-1)?.event).toEqual({ type: "error", message: "Generation failed: the account was deleted, so the story was not saved" });
    }, 120_000);

    it("caps concurrent streams at 3 across both instances", async () => {
      const urls = await startPair({ RATE_LIMIT_STORIES_PER_HOUR: "100", RATE_LIMIT_CONCURRENT_STREAMS: "3" });
      const { token } = await createAccount(urls[0]);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => streamStory(urls[i % 2] ?? "", token, storyBody({ story_idea: "scenario:slow" }))),
      );
      const statuses = results.map((result) => result.status);
      console.log(`[${store}] 8 simultaneous slow streams, cap 3: ${statuses.filter((s) => s === 200).length} streamed`);
      expect(statuses.filter((status) => status === 200)).toHaveLength(3);
      expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    }, 120_000);
  });
}
