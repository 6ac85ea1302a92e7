import { hkdfSync } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { TEST_AUTH_SECRET } from "../support/app";
import { createAccount, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

const stack = setUpTestApp();

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});

const authorized = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { Authorization: `Bearer ${token}` },
});

async function generate(token: string, overrides = {}): Promise<string> {
  const result = await streamStory(stack.app.url, token, storyBody(overrides));
  const last = result.events.at(-1)?.event;
  if (last?.type !== "completed") throw new Error(`generation did not complete: ${JSON.stringify(last)}`);
  return last.story_id;
}

describe("health", () => {
  it("reports the database as reachable, and that moderation holds text back with the limits on", async () => {
    const res = await fetch(`${stack.app.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", moderation: "hold", limits: "on" });
  });
});

describe("accounts", () => {
  it("registers with 201, hides the password, and refuses the same email with 409", async () => {
    const email = `Reg${Date.now()}@Example.com`;
    const res = await fetch(`${stack.app.url}/api/v1/auth/register`, json({ email, password: "long enough pw", name: "Ada" }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: "Ada" });

    const again = await fetch(`${stack.app.url}/api/v1/auth/register`, json({ email: email.toLowerCase(), password: "another password" }));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: "An account with this email already exists" });
  });

  it.each([
    ["a short password", { email: "short@example.com", password: "1234567" }, "password"],
    ["an invalid email", { email: "not-an-email", password: "long enough pw" }, "email"],
    ["a missing password", { email: "nopw@example.com" }, "password"],
  ])("rejects %s with 400", async (_name, body, field) => {
    const res = await fetch(`${stack.app.url}/api/v1/auth/register`, json(body));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "Invalid request body", details: [expect.objectContaining({ field })] });
  });

  it("issues a bearer token for the right password and 401 for a wrong one", async () => {
    const { email, password } = await createAccount(stack.app.url);
    const ok = await fetch(`${stack.app.url}/api/v1/auth/token`, json({ email, password }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 });

    const wrong = await fetch(`${stack.app.url}/api/v1/auth/token`, json({ email, password: "wrong password" }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "Wrong email or password" });
    const unknown = await fetch(`${stack.app.url}/api/v1/auth/token`, json({ email: "nobody@example.com", password }));
    expect(unknown.status).toBe(401);
  });
});

describe("authentication on /api/v1/stories", () => {
  const deploymentKey = new Uint8Array(hkdfSync("sha256", TEST_AUTH_SECRET, "", "storystream api access token", 32));
  const forge = (key: Uint8Array, expiresAt: number, sub = "00000000-0000-4000-8000-000000000000") =>
    new SignJWT({ email: "x@example.com", ver: 0 })
      .setProtectedHeader({ alg: "HS256" })
      .setJti(crypto.randomUUID())
      .setSubject(sub)
      .setIssuer("storystream")
      .setAudience("storystream-api")
      .setIssuedAt(expiresAt - 3600)
      .setExpirationTime(expiresAt)
      .sign(key);

  it("accepts a token forged the same way with the deployment key for a real account (the control for the cases below)", async () => {
    const { id } = await createAccount(stack.app.url);
    const token = await forge(deploymentKey, Math.floor(Date.now() / 1000) + 600, id);
    const res = await fetch(`${stack.app.url}/api/v1/stories/`, authorized(token));
    expect(res.status).toBe(200);
  });

  it.each([
    ["no Authorization header", async () => undefined],
    ["a malformed header", async () => "Token abc"],
    ["a tampered token", async () => {
      const { token } = await createAccount(stack.app.url);
      const [header, payload, signature] = token.split(".");
      return `${header}.${payload}x.${signature}`;
    }],
    ["an expired token", () => forge(deploymentKey, Math.floor(Date.now() / 1000) - 120)],
    ["a token signed with another secret", () => forge(new TextEncoder().encode("some-other-deployment-secret-xxxxxxxx"), Math.floor(Date.now() / 1000) + 600)],
    ["a validly signed token of an account that does not exist", () => forge(deploymentKey, Math.floor(Date.now() / 1000) + 600)],
  ])("answers 401 JSON for %s on every route", async (_name, makeToken) => {
    const token = await makeToken();
    const headers: Record<string, string> = token === undefined ? {} : { Authorization: token.startsWith("Token") ? token : `Bearer ${token}` };
    const id = "00000000-0000-4000-8000-000000000000";
    const responses = await Promise.all([
      fetch(`${stack.app.url}/api/v1/stories/`, { headers }),
      fetch(`${stack.app.url}/api/v1/stories/${id}/`, { headers }),
      fetch(`${stack.app.url}/api/v1/stories/${id}/`, { method: "DELETE", headers }),
      fetch(`${stack.app.url}/api/v1/stories/generate-stream/`, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(storyBody()) }),
    ]);
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: expect.any(String) });
    }
  });
});

describe("reading and deleting stories", () => {
  it("lists the caller's own stories newest first, paged by cursor, in both slash forms", async () => {
    const { token } = await createAccount(stack.app.url);
    const other = await createAccount(stack.app.url);
    await generate(other.token);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await generate(token, { story_name: `Story ${i}` }));

    const first = await (await fetch(`${stack.app.url}/api/v1/stories/?limit=2`, authorized(token))).json();
    expect(first.stories.map((story: { id: string }) => story.id)).toEqual([ids[2], ids[1]]);
    expect(first.stories[0]).not.toHaveProperty("content");
    expect(first.next_cursor).toEqual(expect.any(String));

    const second = await (await fetch(`${stack.app.url}/api/v1/stories?limit=2&cursor=${first.next_cursor}`, authorized(token))).json();
    expect(second.stories.map((story: { id: string }) => story.id)).toEqual([ids[0]]);
    expect(second.next_cursor).toBeNull();
  });

  it("rejects a bad cursor or limit with 400", async () => {
    const { token } = await createAccount(stack.app.url);
    expect((await fetch(`${stack.app.url}/api/v1/stories/?cursor=nonsense`, authorized(token))).status).toBe(400);
    expect((await fetch(`${stack.app.url}/api/v1/stories/?limit=0`, authorized(token))).status).toBe(400);
  });

  it("returns one story with every field and deletes it with 204", async () => {
    const { token } = await createAccount(stack.app.url);
    const id = await generate(token);
    const res = await fetch(`${stack.app.url}/api/v1/stories/${id}`, authorized(token));
    expect(res.status).toBe(200);
    expect(Object.keys(await res.json()).sort()).toEqual(
      ["age", "completion_tokens", "content", "created_at", "hero_name", "id", "language", "model", "prompt_tokens", "story_idea", "story_length", "story_name", "story_style"].sort(),
    );
    const deleted = await fetch(`${stack.app.url}/api/v1/stories/${id}/`, authorized(token, { method: "DELETE" }));
    expect(deleted.status).toBe(204);
    expect((await fetch(`${stack.app.url}/api/v1/stories/${id}/`, authorized(token))).status).toBe(404);
    expect((await fetch(`${stack.app.url}/api/v1/stories/${id}/`, authorized(token, { method: "DELETE" }))).status).toBe(404);
  });

  it("answers 404, never 403, when another user reads or deletes a story, and keeps it", async () => {
    const owner = await createAccount(stack.app.url);
    const stranger = await createAccount(stack.app.url);
    const id = await generate(owner.token);
    const read = await fetch(`${stack.app.url}/api/v1/stories/${id}/`, authorized(stranger.token));
    expect(read.status).toBe(404);
    expect(await read.json()).toEqual({ error: "Story not found" });
    expect((await fetch(`${stack.app.url}/api/v1/stories/${id}/`, authorized(stranger.token, { method: "DELETE" }))).status).toBe(404);
    expect((await fetch(`${stack.app.url}/api/v1/stories/${id}/`, authorized(owner.token))).status).toBe(200);
  });

  it("answers 404 for an id that is not a UUID", async () => {
    const { token } = await createAccount(stack.app.url);
    expect((await fetch(`${stack.app.url}/api/v1/stories/not-a-uuid/`, authorized(token))).status).toBe(404);
  });
});
