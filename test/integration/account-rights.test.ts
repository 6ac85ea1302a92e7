import pg from "pg";
import { describe, expect, it } from "vitest";
import { createAccount, eventTypes, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

const stack = setUpTestApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" } });

const bearer = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...(init.headers as Record<string, string> | undefined) },
});
const withCookie = (cookie: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { Cookie: cookie, "Content-Type": "application/json", "Sec-Fetch-Site": "same-origin" },
});

async function token(email: string, password: string, address?: string): Promise<Response> {
  return fetch(`${stack.app.url}/api/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(address && { "X-Forwarded-For": address }) },
    body: JSON.stringify({ email, password }),
  });
}

/** Signs in through next-auth's own endpoints, as the page does; returns the session cookie. */
async function signInSession(email: string, password: string): Promise<string> {
  const csrf = await fetch(`${stack.app.url}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const csrfCookie = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
  const res = await fetch(`${stack.app.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  const session = res.headers.getSetCookie().find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`session sign-in failed: ${res.status}`);
  return session.split(";")[0] ?? "";
}

async function summaryWritten(accessToken: string, id: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await (await fetch(`${stack.app.url}/api/v1/stories/${id}`, bearer(accessToken))).json()).summary === null) {
    if (Date.now() > deadline) throw new Error(`no summary for ${id}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function completeStory(accessToken: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const result = await streamStory(stack.app.url, accessToken, storyBody(overrides));
  const last = result.events.at(-1)?.event;
  if (last?.type !== "completed") throw new Error(`generation did not complete: ${JSON.stringify(last)}`);
  return last.story_id;
}

/** Rows that still name the user or the email, straight from PostgreSQL (only in the PostgreSQL pass). */
async function leftoverRows(userId: string, email: string): Promise<Record<string, number> | null> {
  const url = stack.database.env.DATABASE_URL;
  if (!url) return null;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of ["users", "stories", "characters", "series", "api_keys", "revoked_tokens", "stream_slots", "idempotency_keys"]) {
      const column = table === "users" ? "id" : ["stories", "characters", "series"].includes(table) ? "owner_id" : "user_id";
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [userId]);
      counts[table] = rows[0].n;
    }
    const { rows } = await client.query("SELECT count(*)::int AS n FROM rate_limit_counters WHERE strpos(key, $1) > 0 OR strpos(key, $2) > 0", [userId, email]);
    counts.rate_limit_counters = rows[0].n;
    return counts;
  } finally {
    await client.end();
  }
}

describe("GET /api/v1/account", () => {
  it("returns the account with its story count, and 401 without credentials", async () => {
    const account = await createAccount(stack.app.url);
    await completeStory(account.token);
    const res = await fetch(`${stack.app.url}/api/v1/account`, bearer(account.token));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: account.id, email: account.email, name: "Test Parent", created_at: expect.any(String), story_count: 1 });
    expect((await fetch(`${stack.app.url}/api/v1/account`)).status).toBe(401);
  });
});

describe("GET /api/v1/account/export", () => {
  it("downloads every story with its text, in the API's shapes, as an attachment", async () => {
    const account = await createAccount(stack.app.url);
    const first = await completeStory(account.token, { story_name: "Export One" });
    const second = await completeStory(account.token, { story_name: "Export Two" });
    // Each story's series summary is written just after it completes: wait, so export and read agree.
    for (const id of [first, second]) await summaryWritten(account.token, id);
    const res = await fetch(`${stack.app.url}/api/v1/account/export`, bearer(account.token));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="storystream-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = await res.json();
    expect(data.account).toMatchObject({ id: account.id, email: account.email, story_count: 2 });
    expect(data.stories.map((story: { id: string }) => story.id)).toEqual([second, first]);
    const single = await (await fetch(`${stack.app.url}/api/v1/stories/${first}`, bearer(account.token))).json();
    expect(data.stories[1]).toEqual(single);
    expect(data.stories[1].content).toContain("brave little fox");
    expect(data.characters).toEqual([]);
    expect(data.series.map((series: { chapters: unknown }) => series.chapters)).toEqual([[{ story_id: first, chapter: 1 }], [{ story_id: second, chapter: 1 }]]);
  });

  it("includes the account's characters and series, each chapter in order", async () => {
    const account = await createAccount(stack.app.url);
    const saved = await fetch(`${stack.app.url}/api/v1/characters`, bearer(account.token, { method: "POST", body: JSON.stringify({ name: "Pip", kind: "a dragon", pronouns: "he/him" }) }));
    const pip = await saved.json();
    const one = await completeStory(account.token, { character_ids: [pip.id] });
    const two = await completeStory(account.token, { continues_story_id: one });
    const data = await (await fetch(`${stack.app.url}/api/v1/account/export`, bearer(account.token))).json();
    expect(data.characters).toEqual([pip]);
    expect(data.series).toEqual([
      expect.objectContaining({ title: "The Magic Forest Adventure", chapters: [{ story_id: one, chapter: 1 }, { story_id: two, chapter: 2 }] }),
    ]);
    expect(data.stories.map((story: { characters: unknown }) => story.characters)).toEqual([
      [{ id: pip.id, name: "Pip", kind: "a dragon" }],
      [{ id: pip.id, name: "Pip", kind: "a dragon" }],
    ]);
  });
});

describe("token revocation", () => {
  it("DELETE /api/v1/auth/token revokes the presented token only", async () => {
    const account = await createAccount(stack.app.url);
    const other = (await (await token(account.email, account.password)).json()).access_token;
    expect((await fetch(`${stack.app.url}/api/v1/auth/token`, bearer(account.token, { method: "DELETE" }))).status).toBe(204);
    const after = await fetch(`${stack.app.url}/api/v1/stories`, bearer(account.token));
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ error: "Invalid or expired access token" });
    expect((await fetch(`${stack.app.url}/api/v1/stories`, bearer(other))).status).toBe(200);
  });
});

describe("credential checks of requests that arrive together", () => {
  it("answer each request for its own token: valid, revoked, of an old password version", async () => {
    const [first, second, revoked, changed] = await Promise.all([1, 2, 3, 4].map(() => createAccount(stack.app.url)));
    if (!first || !second || !revoked || !changed) throw new Error("accounts not created");
    const stillValid = (await (await token(revoked.email, revoked.password)).json()).access_token;
    expect((await fetch(`${stack.app.url}/api/v1/auth/token`, bearer(revoked.token, { method: "DELETE" }))).status).toBe(204);
    const sessions = await fetch(`${stack.app.url}/api/v1/account/sessions`, bearer(changed.token, { method: "DELETE" }));
    expect(sessions.ok).toBe(true);

    const cases: Array<[string, number]> = [
      [first.token, 200],
      [second.token, 200],
      [stillValid, 200],
      [revoked.token, 401],
      [changed.token, 401],
    ];
    // Sent at once, several times over, so the app's checks land in the same turns and share queries.
    const requests = Array.from({ length: 6 }, () => cases).flat();
    const statuses = await Promise.all(requests.map(async ([accessToken]) => (await fetch(`${stack.app.url}/api/v1/stories`, bearer(accessToken))).status));
    expect(statuses).toEqual(requests.map(([, status]) => status));
  });
});

describe("POST /api/v1/account/password", () => {
  it("changes the password and revokes every earlier token and session", async () => {
    const account = await createAccount(stack.app.url);
    const session = await signInSession(account.email, account.password);
    expect((await fetch(`${stack.app.url}/api/v1/stories`, withCookie(session))).status).toBe(200);

    const change = await fetch(`${stack.app.url}/api/v1/account/password`, bearer(account.token, {
      method: "POST",
      body: JSON.stringify({ current_password: account.password, new_password: "a brand new passphrase" }),
    }));
    expect(change.status).toBe(204);
    expect((await fetch(`${stack.app.url}/api/v1/stories`, bearer(account.token))).status).toBe(401);
    expect((await fetch(`${stack.app.url}/api/v1/stories`, withCookie(session))).status).toBe(401);
    expect((await token(account.email, account.password)).status).toBe(401);
    const fresh = await token(account.email, "a brand new passphrase");
    expect(fresh.status).toBe(200);
    expect((await fetch(`${stack.app.url}/api/v1/stories`, bearer((await fresh.json()).access_token))).status).toBe(200);
  });

  it("refuses a wrong current password (403) and a common new one (400), changing nothing", async () => {
    const account = await createAccount(stack.app.url);
    const wrong = await fetch(`${stack.app.url}/api/v1/account/password`, bearer(account.token, {
      method: "POST",
      body: JSON.stringify({ current_password: "not my password", new_password: "a brand new passphrase" }),
    }));
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ details: [{ field: "current_password" }] });
    const common = await fetch(`${stack.app.url}/api/v1/account/password`, bearer(account.token, {
      method: "POST",
      body: JSON.stringify({ current_password: account.password, new_password: "iloveyou1" }),
    }));
    expect(common.status).toBe(400);
    expect(await common.json()).toEqual({ error: "Invalid request body", details: [{ field: "new_password", message: expect.stringContaining("most common") }] });
    expect((await fetch(`${stack.app.url}/api/v1/stories`, bearer(account.token))).status).toBe(200);
    expect((await token(account.email, account.password)).status).toBe(200);
  });
});

describe("sign out everywhere", () => {
  it("DELETE /api/v1/account/sessions ends every token and session, and API keys keep working", async () => {
    const account = await createAccount(stack.app.url);
    const session = await signInSession(account.email, account.password);
    const key = (await (await fetch(`${stack.app.url}/api/v1/api-keys`, bearer(account.token, { method: "POST", body: JSON.stringify({ name: "cli" }) }))).json()).key;
    expect((await fetch(`${stack.app.url}/api/v1/account/sessions`, withCookie(session, { method: "DELETE" }))).status).toBe(204);
    expect((await fetch(`${stack.app.url}/api/v1/account`, bearer(account.token))).status).toBe(401);
    expect((await fetch(`${stack.app.url}/api/v1/account`, withCookie(session))).status).toBe(401);
    expect((await fetch(`${stack.app.url}/api/v1/account`, bearer(key))).status).toBe(200);
  });
});

describe("API keys", () => {
  it("creates a key shown once, lists it without the secret, accepts it as a bearer token, and revokes it", async () => {
    const account = await createAccount(stack.app.url);
    const created = await fetch(`${stack.app.url}/api/v1/api-keys`, bearer(account.token, { method: "POST", body: JSON.stringify({ name: "Bedtime app" }) }));
    expect(created.status).toBe(201);
    const key = await created.json();
    expect(key).toEqual({ id: expect.any(String), name: "Bedtime app", prefix: key.key.slice(0, 12), key: expect.stringMatching(/^ssk_[A-Za-z0-9_-]{43}$/), created_at: expect.any(String), last_used_at: null });

    const listed = await (await fetch(`${stack.app.url}/api/v1/api-keys`, bearer(account.token))).json();
    expect(listed.api_keys).toEqual([{ id: key.id, name: "Bedtime app", prefix: key.prefix, created_at: key.created_at, last_used_at: null }]);
    expect(JSON.stringify(listed)).not.toContain(key.key);

    const story = await streamStory(stack.app.url, key.key, storyBody());
    expect(eventTypes(story).at(-1)).toBe("completed");
    expect((await fetch(`${stack.app.url}/api/v1/stories`, bearer(key.key))).status).toBe(200);
    const used = await (await fetch(`${stack.app.url}/api/v1/api-keys`, bearer(account.token))).json();
    expect(Date.parse(used.api_keys[0].last_used_at)).toBeGreaterThanOrEqual(Date.parse(key.created_at));

    const stranger = await createAccount(stack.app.url);
    expect((await fetch(`${stack.app.url}/api/v1/api-keys/${key.id}`, bearer(stranger.token, { method: "DELETE" }))).status).toBe(404);
    expect((await fetch(`${stack.app.url}/api/v1/api-keys/${key.id}`, bearer(account.token, { method: "DELETE" }))).status).toBe(204);
    expect((await fetch(`${stack.app.url}/api/v1/stories`, bearer(key.key))).status).toBe(401);
    expect((await fetch(`${stack.app.url}/api/v1/stories`, bearer(`${key.key.slice(0, -1)}x`))).status).toBe(401);
  });

  it("refuses a key without a name with a field message", async () => {
    const account = await createAccount(stack.app.url);
    const res = await fetch(`${stack.app.url}/api/v1/api-keys`, bearer(account.token, { method: "POST", body: JSON.stringify({ name: " " }) }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Invalid request body", details: [{ field: "name", message: "Name is required" }] });
  });
});

describe("DELETE /api/v1/account", () => {
  it("refuses a wrong password with 403 and keeps everything", async () => {
    const account = await createAccount(stack.app.url);
    await completeStory(account.token);
    const res = await fetch(`${stack.app.url}/api/v1/account`, bearer(account.token, { method: "DELETE", body: JSON.stringify({ password: "nope nope nope" }) }));
    expect(res.status).toBe(403);
    const after = await (await fetch(`${stack.app.url}/api/v1/account`, bearer(account.token))).json();
    expect(after.story_count).toBe(1);
    const missing = await fetch(`${stack.app.url}/api/v1/account`, bearer(account.token, { method: "DELETE", body: "{}" }));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: "Invalid request body", details: [{ field: "password", message: "Password is required" }] });
  });

  it("erases everything at once: tokens, keys and sessions get 401, limit counters go, the email can register again", async () => {
    const account = await createAccount(stack.app.url);
    const saved = await fetch(`${stack.app.url}/api/v1/characters`, bearer(account.token, { method: "POST", body: JSON.stringify({ name: "Pip", kind: "a dragon", pronouns: "he/him" }) }));
    const first = await completeStory(account.token, { character_ids: [(await saved.json()).id] });
    await completeStory(account.token, { story_name: "Kept by idempotency", continues_story_id: first });
    await streamStory(stack.app.url, account.token, storyBody(), { headers: { "Idempotency-Key": "delete-me-1" } });
    const key = (await (await fetch(`${stack.app.url}/api/v1/api-keys`, bearer(account.token, { method: "POST", body: JSON.stringify({ name: "k" }) }))).json()).key;
    const session = await signInSession(account.email, account.password);
    const spare = (await (await token(account.email, account.password)).json()).access_token;
    await fetch(`${stack.app.url}/api/v1/auth/token`, bearer(spare, { method: "DELETE" }));
    // Two failed sign-ins of the limit of 3 for this email and address.
    for (let i = 0; i < 2; i++) expect((await token(account.email, "wrong password!")).status).toBe(401);

    const res = await fetch(`${stack.app.url}/api/v1/account`, withCookie(session, { method: "DELETE", body: JSON.stringify({ password: account.password }) }));
    expect(res.status).toBe(204);

    for (const init of [bearer(account.token), bearer(key), withCookie(session)]) {
      expect((await fetch(`${stack.app.url}/api/v1/account`, init)).status).toBe(401);
      expect((await fetch(`${stack.app.url}/api/v1/stories`, init)).status).toBe(401);
    }
    const leftovers = await leftoverRows(account.id, account.email);
    if (leftovers) expect(leftovers).toEqual({ users: 0, stories: 0, characters: 0, series: 0, api_keys: 0, revoked_tokens: 0, stream_slots: 0, idempotency_keys: 0, rate_limit_counters: 0 });

    const again = await fetch(`${stack.app.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: account.email, password: "a second life pw" }),
    });
    expect(again.status).toBe(201);
    expect((await again.json()).id).not.toBe(account.id);
    // The old password is refused, and the failure counter of the old account went with it: three
    // failures (the old password among them) before 429, not one.
    const statuses = [(await token(account.email, account.password)).status];
    for (let i = 0; i < 3; i++) statuses.push((await token(account.email, "wrong password!")).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Locked out at this address now, but not from another one.
    expect((await token(account.email, "a second life pw")).status).toBe(429);
    const fresh = (await (await token(account.email, "a second life pw", "198.51.100.7")).json()).access_token;
    const list = await (await fetch(`${stack.app.url}/api/v1/stories`, bearer(fresh))).json();
    expect(list.stories).toEqual([]);
  });

  it("ends a running stream of the account with an error event and saves nothing", async () => {
    const account = await createAccount(stack.app.url);
    let deleted: Promise<Response> | undefined;
    const result = await streamStory(stack.app.url, account.token, storyBody({ story_idea: "scenario:long" }), {
      onEvent: (event) => {
        if (event.type === "content" && !deleted) {
          deleted = fetch(`${stack.app.url}/api/v1/account`, bearer(account.token, { method: "DELETE", body: JSON.stringify({ password: account.password }) }));
        }
      },
    });
    expect((await deleted)?.status).toBe(204);
    expect(eventTypes(result)).not.toContain("completed");
    const last = result.events.at(-1)?.event;
    expect(last).toEqual({ type: "error", message: "Generation failed: the account was deleted, so the story was not saved" });
    const leftovers = await leftoverRows(account.id, account.email);
    if (leftovers) expect(leftovers.stories).toBe(0);
  });
});

describe("a malformed list query", () => {
  it("is a 400 that names the field", async () => {
    const account = await createAccount(stack.app.url);
    const cursor = await fetch(`${stack.app.url}/api/v1/stories/?cursor=nonsense`, bearer(account.token));
    expect(cursor.status).toBe(400);
    expect(await cursor.json()).toMatchObject({ details: [{ field: "cursor" }] });
    const limit = await fetch(`${stack.app.url}/api/v1/stories/?limit=abc`, bearer(account.token));
    expect(limit.status).toBe(400);
    expect(await limit.json()).toMatchObject({ details: [{ field: "limit", message: expect.any(String) }] });
  });
});
