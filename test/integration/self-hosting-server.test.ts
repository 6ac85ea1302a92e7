import { beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import { createAccount, eventTypes, storyBody, streamedText, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

// The self-hosting server (server.ts) serves the story stream itself and everything else through
// Next. Both servers here share one database and model server; the stream suites also run whole
// against server.ts (the integration-node-server project), this file checks what is its own.
const stack = setUpTestApp({ start: false });
let route: TestApp;
let node: TestApp;
let token: string;
beforeAll(async () => {
  route = await stack.startApp({}, { server: "next" });
  node = await stack.startApp({}, { server: "node" });
  ({ token } = await createAccount(node.url));
});

// Per connection or per body; and Next gzips even a small JSON error, server.ts sends its (under 200 bytes) as is.
const VARYING = new Set(["date", "keep-alive", "connection", "transfer-encoding", "vary", "content-length", "content-encoding"]);
const stableHeaders = (headers: Headers) => Object.fromEntries([...headers].filter(([name]) => !VARYING.has(name)));

function requestLogs(app: TestApp): Array<Record<string, unknown>> {
  return app.logs.flatMap((line) => {
    try {
      const entry: Record<string, unknown> = JSON.parse(line);
      return entry.event === "http_request" ? [entry] : [];
    } catch {
      return [];
    }
  });
}

describe("the self-hosting server (npm run start:server)", () => {
  it("serves the story stream itself, with the route's events, headers and saved story", async () => {
    const viaNode = await streamStory(node.url, token, storyBody({ story_idea: "scenario:echo self-hosted" }));
    const viaRoute = await streamStory(route.url, token, storyBody({ story_idea: "scenario:echo self-hosted" }));

    expect(eventTypes(viaNode)).toEqual(eventTypes(viaRoute));
    expect(streamedText(viaNode)).toBe(streamedText(viaRoute));
    expect(stableHeaders(viaNode.headers)).toEqual(stableHeaders(viaRoute.headers));
    const completed = viaNode.events.at(-1)?.event;
    if (completed?.type !== "completed") throw new Error("no completed event");
    const saved = await fetch(`${route.url}/api/v1/stories/${completed.story_id}/`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await saved.json()).content).toBe(streamedText(viaNode));
    // Answered by server.ts, not by Next's route handler (which logs the same line without `server`).
    expect(requestLogs(node)).toContainEqual(expect.objectContaining({ path: "/api/v1/stories/generate-stream/", status: 200, server: "node" }));
    expect(requestLogs(route).filter((entry) => entry.server === "node")).toEqual([]);
  });

  it("answers a refused request as the route does: same status, JSON body and headers", async () => {
    const send = (app: TestApp) => fetch(`${app.url}/api/v1/stories/generate-stream/`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    const [fromNode, fromRoute] = await Promise.all([send(node), send(route)]);
    expect(fromNode.status).toBe(401);
    expect(fromNode.status).toBe(fromRoute.status);
    expect(await fromNode.json()).toEqual(await fromRoute.json());
    expect(stableHeaders(fromNode.headers)).toEqual(stableHeaders(fromRoute.headers));

    const invalid = await streamStory(node.url, token, { ...storyBody(), age: 99 });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ error: "Invalid request body", details: [expect.objectContaining({ field: "age" })] });
  });

  it("leaves every other request to Next: pages, other methods on the stream's path, the rest of the API", async () => {
    const page = await fetch(`${node.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    // The page's policy from proxy.ts, not the API's `default-src 'none'`.
    expect(page.headers.get("content-security-policy")).toContain("script-src");

    const wrongMethod = await fetch(`${node.url}/api/v1/stories/generate-stream/`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toContain("POST");

    const list = await fetch(`${node.url}/api/v1/stories/?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    expect(requestLogs(node).filter((entry) => entry.server === "node" && entry.method !== "POST")).toEqual([]);
  });
});
