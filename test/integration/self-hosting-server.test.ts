import { beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app";
import { createAccount, eventTypes, storyBody, streamedText, streamStory, type StreamResult } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

// The self-hosting server (server.ts) serves the story stream itself and everything else through
// Next. The same requests go to `next start` first, then to server.ts on the same database and
// model server (one at a time: the embedded database takes one process). The stream suites also
// run whole against server.ts (the integration-node-server project); this file checks what is its own.
const stack = setUpTestApp({ start: false });
const STORY = storyBody({ story_idea: "scenario:echo self-hosted" });
let token: string;
let node: TestApp;
const fromRoute: { story?: StreamResult; unauthorized?: Response } = {};

const unauthorized = (app: TestApp) =>
  fetch(`${app.url}/api/v1/stories/generate-stream/`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });

beforeAll(async () => {
  const route = await stack.startApp({}, { server: "next" });
  ({ token } = await createAccount(route.url));
  fromRoute.story = await streamStory(route.url, token, STORY);
  fromRoute.unauthorized = await unauthorized(route);
  await stack.stopApps();
  node = await stack.startApp({}, { server: "node" });
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
    const viaRoute = fromRoute.story;
    if (!viaRoute) throw new Error("the route's story did not run");
    const viaNode = await streamStory(node.url, token, STORY);

    expect(eventTypes(viaNode)).toEqual(eventTypes(viaRoute));
    expect(streamedText(viaNode)).toBe(streamedText(viaRoute));
    expect(stableHeaders(viaNode.headers)).toEqual(stableHeaders(viaRoute.headers));
    const completed = viaNode.events.at(-1)?.event;
    if (completed?.type !== "completed") throw new Error("no completed event");
    const saved = await fetch(`${node.url}/api/v1/stories/${completed.story_id}/`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await saved.json()).content).toBe(streamedText(viaNode));
    // Answered by server.ts, not by Next's route handler (which logs the same line without `server`).
    await node.waitForLog((line) => line.includes('"http_request"') && line.includes('"server":"node"'));
    expect(requestLogs(node)).toContainEqual(expect.objectContaining({ path: "/api/v1/stories/generate-stream/", status: 200, server: "node" }));
  });

  it("answers a refused request as the route does: same status, JSON body and headers", async () => {
    const viaRoute = fromRoute.unauthorized;
    if (!viaRoute) throw new Error("the route's request did not run");
    const viaNode = await unauthorized(node);
    expect(viaNode.status).toBe(401);
    expect(viaNode.status).toBe(viaRoute.status);
    expect(await viaNode.json()).toEqual(await viaRoute.json());
    expect(stableHeaders(viaNode.headers)).toEqual(stableHeaders(viaRoute.headers));

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
