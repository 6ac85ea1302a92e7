import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, startApp, testDatabaseUrl, type TestApp, type TestDatabase } from "../support/app";
import { createAccount, storyBody, streamStory } from "../support/client";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai";

// Vercel runs many instances: the limits must hold across processes. Two `next start` processes
// share one PostgreSQL database (and, in the second block, one Redis). The embedded database
// cannot be shared, so these run in the PostgreSQL pass of `npm test` (TEST_DATABASE_URL).
const redisUrl = process.env.REDIS_TEST_URL;

for (const store of ["postgres", "redis"] as const) {
  const available = Boolean(testDatabaseUrl()) && (store === "postgres" || Boolean(redisUrl));
  describe.skipIf(!available)(`limits across two instances sharing ${store}`, () => {
    let upstream: FakeOpenAI;
    let database: TestDatabase;
    let apps: TestApp[] = [];

    beforeAll(async () => {
      upstream = await startFakeOpenAI();
      database = await createTestDatabase();
      const env = {
        RATE_LIMIT_STORIES_PER_HOUR: "10",
        RATE_LIMIT_CONCURRENT_STREAMS: "3",
        ...(store === "redis" && redisUrl && { REDIS_URL: redisUrl }),
      };
      const first = await startApp({ database, upstreamURL: upstream.baseURL, env });
      const second = await startApp({ database, upstreamURL: upstream.baseURL, env });
      apps = [first, second];
    });

    afterAll(async () => {
      await Promise.all(apps.map((app) => app.stop()));
      await upstream?.close();
      await database?.drop();
    });

    it("lets exactly 10 of 50 simultaneous requests through, split over both instances", async () => {
      const { token } = await createAccount(apps[0]?.url ?? "");
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => streamStory(apps[i % 2]?.url ?? "", token, storyBody())),
      );
      const statuses = results.map((result) => result.status);
      const ok = statuses.filter((status) => status === 200).length;
      const limited = results.filter((result) => result.status === 429);
      console.log(`[${store}] 50 simultaneous requests, limit 10 per hour: ${ok} got through, ${limited.length} got 429`);
      expect(ok).toBe(10);
      expect(limited).toHaveLength(40);
      for (const result of limited) expect(Number(result.headers.get("retry-after"))).toBeGreaterThan(0);
      const list = await (await fetch(`${apps[1]?.url}/api/v1/stories/?limit=100`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(list.stories).toHaveLength(10);
    });

    it("caps concurrent streams at 3 across both instances", async () => {
      const { token } = await createAccount(apps[0]?.url ?? "");
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => streamStory(apps[i % 2]?.url ?? "", token, storyBody({ story_idea: "scenario:slow" }))),
      );
      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(3);
      expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    });
  });
}
