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
      console.log(`[${store}] 50 simultaneous requests, limit 10 per hour: ${ok} got through, ${limited.length} got 429`);
      expect(ok).toBe(10);
      expect(limited).toHaveLength(40);
      for (const result of limited) expect(Number(result.headers.get("retry-after"))).toBeGreaterThan(0);
      const list = await (await fetch(`${urls[1]}/api/v1/stories/?limit=100`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(list.stories).toHaveLength(10);
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
