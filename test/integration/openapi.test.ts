import type { ValidateFunction } from "ajv/dist/2020";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, openStream, storyBody, streamStory } from "../support/client";
import { FLAGGED_MARKER } from "../support/fake-openai";
import { documentSchemaValidator, responseSchemaPointer, validateOpenApi } from "../support/openapi";
import { setUpTestApp } from "../support/set-up-test-app";

type Json = Record<string, unknown>;

const stack = setUpTestApp();
let document: Json;
let schemaAt: (pointer: string) => ValidateFunction;
const exercised = new Set<string>();

beforeAll(async () => {
  document = await (await fetch(`${stack.app.url}/api/v1/openapi.json`)).json();
  schemaAt = documentSchemaValidator(document);
});

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

const bearer = (token: string, method = "GET"): RequestInit => ({ method, headers: { Authorization: `Bearer ${token}` } });

/** Sends a request and checks the real answer against the document: status documented, JSON body valid. */
async function expectDocumented(path: string, method: string, url: string, init: RequestInit, expectedStatus: number): Promise<unknown> {
  const res = await fetch(`${stack.app.url}${url}`, { ...init, method: method.toUpperCase() });
  expect(res.status).toBe(expectedStatus);
  exercised.add(`${method} ${path}`);
  const responses = (document.paths as Record<string, Record<string, { responses: Record<string, { content?: Json }> }>>)[path]?.[method]?.responses;
  const documented = responses?.[String(res.status)];
  expect(documented, `${method.toUpperCase()} ${path} ${res.status} is documented`).toBeDefined();
  if (!documented?.content) {
    expect(await res.text()).toBe("");
    return undefined;
  }
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body: unknown = await res.json();
  const validate = schemaAt(responseSchemaPointer(path, method, res.status));
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  return body;
}

describe("GET /api/v1/openapi.json", () => {
  it("serves a valid OpenAPI 3.1 document", async () => {
    const result = await validateOpenApi(document);
    expect(result.errors).toBeUndefined();
    expect(result).toMatchObject({ valid: true, version: "3.1" });
    await expectDocumented("/api/v1/openapi.json", "get", "/api/v1/openapi.json", {}, 200);
  });
});

describe("real responses match the documented schemas", () => {
  it("register: 201, 400 with details, 409", async () => {
    const email = `openapi${Date.now()}@example.com`;
    await expectDocumented("/api/v1/auth/register", "post", "/api/v1/auth/register", post({ email, password: "long enough pw", name: "Ada" }), 201);
    const invalid = await expectDocumented("/api/v1/auth/register", "post", "/api/v1/auth/register", post({ email, password: "short" }), 400);
    expect(invalid).toMatchObject({ details: [expect.objectContaining({ field: "password" })] });
    await expectDocumented("/api/v1/auth/register", "post", "/api/v1/auth/register", post({ email, password: "long enough pw" }), 409);
  });

  it("token: 200, 401 for a wrong password, 400 for a body that is not JSON", async () => {
    const { email, password } = await createAccount(stack.app.url);
    await expectDocumented("/api/v1/auth/token", "post", "/api/v1/auth/token", post({ email, password }), 200);
    await expectDocumented("/api/v1/auth/token", "post", "/api/v1/auth/token", post({ email, password: "wrong password" }), 401);
    await expectDocumented("/api/v1/auth/token", "post", "/api/v1/auth/token", post("{not json"), 400);
  });

  it("generate-stream: 401 without a token, 400 for an invalid body, 413 for a huge one", async () => {
    const path = "/api/v1/stories/generate-stream/";
    const { token } = await createAccount(stack.app.url);
    await expectDocumented(path, "post", path, post(storyBody()), 401);
    await expectDocumented(path, "post", path, post(storyBody({ age: 99 }), { Authorization: `Bearer ${token}` }), 400);
    const huge = storyBody({ story_idea: "x".repeat(20_000) });
    await expectDocumented(path, "post", path, post(huge, { Authorization: `Bearer ${token}` }), 413);
  });

  it("generate-stream: every SSE event of a real generation matches the documented event schema", async () => {
    const path = "/api/v1/stories/generate-stream/";
    const { token } = await createAccount(stack.app.url);
    const result = await streamStory(stack.app.url, token, storyBody());
    expect(result.status).toBe(200);
    exercised.add(`post ${path}`);
    const media = `${responseSchemaPointer(path, "post", 200, "text/event-stream").replace(/\/schema$/, "")}`;
    const validateEvent = schemaAt(`${media}/x-event-schema`);
    expect(result.events.map(({ event }) => event.type)).toEqual(expect.arrayContaining(["started", "content", "completed"]));
    for (const { event } of result.events) expect(validateEvent(event), JSON.stringify(validateEvent.errors)).toBe(true);
    expect(validateEvent({ type: "content", data: 42 })).toBe(false);
  });

  it("generate-stream: 422 for flagged input and 409 for an Idempotency-Key still running", async () => {
    const { token } = await createAccount(stack.app.url);
    const path = "/api/v1/stories/generate-stream/";
    const auth = { Authorization: `Bearer ${token}` };
    const flagged = await expectDocumented(path, "post", path, post(storyBody({ hero_name: `Bob ${FLAGGED_MARKER}` }), auth), 422);
    expect(flagged).toMatchObject({ categories: ["violence"] });
    const headers = { ...auth, "Idempotency-Key": `openapi-${Date.now()}` };
    const running = openStream(stack.app.url, token, storyBody({ story_idea: "scenario:slow" }), { headers: { "Idempotency-Key": headers["Idempotency-Key"] } });
    await running.started;
    await expectDocumented(path, "post", path, post(storyBody({ story_idea: "scenario:slow" }), headers), 409);
    await running.result;
  });

  it("stories: list 200 and 400, read 200 and 404, delete 204 and 404", async () => {
    const { token } = await createAccount(stack.app.url);
    const generated = await streamStory(stack.app.url, token, storyBody());
    const completed = generated.events.at(-1)?.event;
    if (completed?.type !== "completed") throw new Error(`generation did not complete: ${JSON.stringify(completed)}`);
    const id = completed.story_id;

    const list = await expectDocumented("/api/v1/stories/", "get", "/api/v1/stories/?limit=5", bearer(token), 200);
    expect(list).toMatchObject({ stories: [expect.objectContaining({ id })], next_cursor: null });
    await expectDocumented("/api/v1/stories/", "get", "/api/v1/stories/?limit=0", bearer(token), 400);

    const story = await expectDocumented("/api/v1/stories/{id}/", "get", `/api/v1/stories/${id}/`, bearer(token), 200);
    expect(story).toMatchObject({ id, content: expect.any(String) });
    await expectDocumented("/api/v1/stories/{id}/", "get", `/api/v1/stories/${crypto.randomUUID()}/`, bearer(token), 404);

    await expectDocumented("/api/v1/stories/{id}/", "delete", `/api/v1/stories/${id}/`, bearer(token, "DELETE"), 204);
    await expectDocumented("/api/v1/stories/{id}/", "delete", `/api/v1/stories/${id}/`, bearer(token, "DELETE"), 404);
  });

  it("account: read, export, API keys, password, revocation, sign out everywhere and delete match the document", async () => {
    const account = await createAccount(stack.app.url);
    const auth = (token: string, method: string, body?: unknown): RequestInit => ({
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    await expectDocumented("/api/v1/account", "get", "/api/v1/account", bearer(account.token), 200);
    await expectDocumented("/api/v1/account/export", "get", "/api/v1/account/export", bearer(account.token), 200);

    const key = (await expectDocumented("/api/v1/api-keys", "post", "/api/v1/api-keys", auth(account.token, "POST", { name: "docs" }), 201)) as { id: string; key: string };
    await expectDocumented("/api/v1/api-keys", "post", "/api/v1/api-keys", auth(account.token, "POST", {}), 400);
    await expectDocumented("/api/v1/api-keys", "get", "/api/v1/api-keys", bearer(key.key), 200);
    await expectDocumented("/api/v1/api-keys/{id}", "delete", `/api/v1/api-keys/${key.id}`, bearer(account.token, "DELETE"), 204);
    await expectDocumented("/api/v1/api-keys/{id}", "delete", `/api/v1/api-keys/${key.id}`, bearer(account.token, "DELETE"), 404);

    const password = "a documented new passphrase";
    await expectDocumented("/api/v1/account/password", "post", "/api/v1/account/password", auth(account.token, "POST", { current_password: "wrong one", new_password: password }), 403);
    await expectDocumented("/api/v1/account/password", "post", "/api/v1/account/password", auth(account.token, "POST", { current_password: account.password, new_password: password }), 204);
    await expectDocumented("/api/v1/account", "get", "/api/v1/account", bearer(account.token), 401);

    const login = (await (await fetch(`${stack.app.url}/api/v1/auth/token`, post({ email: account.email, password }))).json()) as { access_token: string };
    await expectDocumented("/api/v1/auth/token", "delete", "/api/v1/auth/token", bearer(login.access_token, "DELETE"), 204);
    const again = (await (await fetch(`${stack.app.url}/api/v1/auth/token`, post({ email: account.email, password }))).json()) as { access_token: string };
    await expectDocumented("/api/v1/account/sessions", "delete", "/api/v1/account/sessions", bearer(again.access_token, "DELETE"), 204);
    const last = (await (await fetch(`${stack.app.url}/api/v1/auth/token`, post({ email: account.email, password }))).json()) as { access_token: string };
    await expectDocumented("/api/v1/account", "delete", "/api/v1/account", auth(last.access_token, "DELETE", { password: "wrong one" }), 403);
    await expectDocumented("/api/v1/account", "delete", "/api/v1/account", auth(last.access_token, "DELETE", { password }), 204);
  });

  it("stories: 401 without a token is the documented error", async () => {
    await expectDocumented("/api/v1/stories/", "get", "/api/v1/stories/", {}, 401);
    await expectDocumented("/api/v1/stories/{id}/", "get", `/api/v1/stories/${crypto.randomUUID()}/`, {}, 401);
  });

  it("cron purge: 503 on a deployment without CRON_SECRET", async () => {
    await expectDocumented("/api/cron/purge", "get", "/api/cron/purge", {}, 503);
  });

  it("health: 200", async () => {
    await expectDocumented("/api/health", "get", "/api/health", {}, 200);
  });

  it("every documented operation was exercised above", () => {
    const operations = Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect([...exercised].sort()).toEqual(operations.sort());
  });
});
