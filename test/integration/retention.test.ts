import { PGlite } from "@electric-sql/pglite";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createAccount, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

const CRON_SECRET = "cron-secret-for-the-retention-test";
const ENV = { STORY_RETENTION_DAYS: "30", CRON_SECRET, LOGIN_MAX_FAILURES_PER_ACCOUNT: "50" };

const stack = setUpTestApp({ env: ENV });

/** Runs statements on the test database; the embedded one only while no app holds it. */
async function execute(statements: string[]): Promise<void> {
  if (stack.database.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: stack.database.env.DATABASE_URL });
    await client.connect();
    try {
      for (const sql of statements) await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new PGlite(path.join(stack.database.env.STORYSTREAM_DATA_DIR ?? "", "pglite"));
  try {
    for (const sql of statements) await db.query(sql);
  } finally {
    await db.close();
  }
}

const purge = (authorization?: string) => fetch(`${stack.app.url}/api/cron/purge`, { headers: authorization ? { Authorization: authorization } : {} });

async function completeStory(token: string, overrides = {}, headers: Record<string, string> = {}): Promise<string> {
  const result = await streamStory(stack.app.url, token, storyBody(overrides), { headers });
  const last = result.events.at(-1)?.event;
  if (last?.type !== "completed") throw new Error(`generation did not complete: ${JSON.stringify(last)}`);
  return last.story_id;
}

describe("the retention purge", () => {
  it("runs on its own in a self-hosted server shortly after start-up", async () => {
    const deadline = Date.now() + 20_000;
    while (!stack.app.logs.some((line) => line.includes('"event":"retention_purge"')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stack.app.logs.some((line) => line.includes('"event":"retention_purge"') && line.includes('"retention_days":30'))).toBe(true);
  });

  it("answers the cron route only with the CRON_SECRET bearer", async () => {
    expect((await purge()).status).toBe(401);
    expect((await purge("Bearer wrong")).status).toBe(401);
    expect((await purge(`Bearer ${CRON_SECRET}x`)).status).toBe(401);
    const ok = await purge(`Bearer ${CRON_SECRET}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      purged: { stories: expect.any(Number), limit_counters: expect.any(Number), idempotency_keys: expect.any(Number), revoked_tokens: expect.any(Number), stream_slots: expect.any(Number) },
    });
  });

  it("deletes stories past STORY_RETENTION_DAYS and expired limit, sign-in, idempotency and revocation rows, and nothing else", async () => {
    const account = await createAccount(stack.app.url);
    const old = await completeStory(account.token, { story_name: "Written long ago" });
    const recent = await completeStory(account.token, { story_name: "Written this week" }, { "Idempotency-Key": "recent-one" });
    await completeStory(account.token, { story_name: "An old retry" }, { "Idempotency-Key": "old-one" });
    for (let i = 0; i < 2; i++) {
      await fetch(`${stack.app.url}/api/v1/auth/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: account.email, password: "wrong!" }) });
    }
    const spare = (await (await fetch(`${stack.app.url}/api/v1/auth/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: account.email, password: account.password }) })).json()).access_token;
    await fetch(`${stack.app.url}/api/v1/auth/token`, { method: "DELETE", headers: { Authorization: `Bearer ${spare}` } });

    // Age the rows as time would; the embedded database can only be written while the app is stopped.
    if (!stack.database.env.DATABASE_URL) await stack.stopApps();
    await execute([
      `UPDATE stories SET created_at = now() - interval '31 days' WHERE id = '${old}'`,
      `UPDATE rate_limit_counters SET expires_at = now() - interval '1 minute' WHERE key LIKE 'login%'`,
      `UPDATE idempotency_keys SET created_at = now() - interval '2 days' WHERE key = 'old-one'`,
      `UPDATE revoked_tokens SET expires_at = now() - interval '1 minute'`,
    ]);
    if (!stack.database.env.DATABASE_URL) await stack.startApp();

    const res = await purge(`Bearer ${CRON_SECRET}`);
    expect(res.status).toBe(200);
    const { purged } = await res.json();
    expect(purged).toMatchObject({ stories: 1, idempotency_keys: 1, revoked_tokens: 1 });
    expect(purged.limit_counters).toBeGreaterThanOrEqual(2);

    const list = await (await fetch(`${stack.app.url}/api/v1/stories/?limit=10`, { headers: { Authorization: `Bearer ${account.token}` } })).json();
    expect(list.stories.map((story: { id: string }) => story.id)).not.toContain(old);
    expect(list.stories.map((story: { id: string }) => story.id)).toContain(recent);
    // The recent Idempotency-Key still replays its story; the old one's row is gone, so it would run anew.
    const replay = await streamStory(stack.app.url, account.token, storyBody({ story_name: "Written this week" }), { headers: { "Idempotency-Key": "recent-one" } });
    expect(replay.events.at(-1)?.event).toMatchObject({ type: "completed", story_id: recent });
  }, 180_000);
});
