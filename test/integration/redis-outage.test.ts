import { spawn, type ChildProcess } from "node:child_process";
import { connect, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, freePort, startApp, type TestApp, type TestDatabase } from "../support/app";
import { createAccount, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

// A private redis-server on a free port, started and stopped by this file only (never the shared one).
let redisPort: number;
let redis: ChildProcess | undefined;
const stack = setUpTestApp({ start: false });

async function startRedis(): Promise<void> {
  const child = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  redis = child;
  process.once("exit", () => child.kill("SIGKILL"));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await answersPing()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("redis-server did not start");
}

function answersPing(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(redisPort, "127.0.0.1");
    socket.once("data", (data) => {
      resolve(data.toString().startsWith("+PONG"));
      socket.destroy();
    });
    socket.once("error", () => resolve(false));
    socket.write("PING\r\n");
  });
}

async function stopRedis(): Promise<void> {
  const child = redis;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

const signIn = (base: string, email: string, password: string) =>
  fetch(`${base}/api/v1/auth/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }) });

async function timed(request: () => Promise<Response>): Promise<{ status: number; retryAfter: string | null; ms: number }> {
  const startedAt = performance.now();
  const res = await request();
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get("retry-after"), ms: Math.round(performance.now() - startedAt) };
}

/** With Redis down: every limited route answers 503 with Retry-After within 1 s; reading stories still works. */
async function expectLimitedRoutesFailClosed(account: Awaited<ReturnType<typeof createAccount>>): Promise<void> {
  const down = [
    await timed(() => signIn(stack.app.url, account.email, account.password)),
    await timed(() => signIn(stack.app.url, account.email, account.password)),
    await timed(() =>
      fetch(`${stack.app.url}/api/v1/auth/register`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: `down${Date.now()}@example.com`, password: "a fine long password" }),
      }),
    ),
    await timed(() =>
      fetch(`${stack.app.url}/api/v1/stories/generate-stream`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${account.token}` },
        body: JSON.stringify(storyBody()),
      }),
    ),
  ];
  console.log(`Redis down: ${down.map((r) => `${r.status} in ${r.ms} ms`).join(", ")}`);
  for (const answer of down) {
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(answer.ms).toBeLessThan(1000);
  }
  // Reading stories needs no limit: it keeps working.
  expect((await fetch(`${stack.app.url}/api/v1/stories`, { headers: { Authorization: `Bearer ${account.token}` } })).status).toBe(200);
}

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  await stack.startApp({ REDIS_URL: `redis://127.0.0.1:${redisPort}` });
});

afterAll(async () => {
  await stack.stopApps();
  await stopRedis();
});

describe("limits on Redis when Redis goes away", () => {
  it("fail closed with 503 and Retry-After within 1 s, and recover by themselves when Redis is back", async () => {
    const account = await createAccount(stack.app.url);
    expect((await signIn(stack.app.url, account.email, account.password)).status).toBe(200);
    // An instance that has served a story: the route's first-request costs are not timed below.
    expect((await streamStory(stack.app.url, account.token, storyBody())).status).toBe(200);

    await stopRedis();
    // Redis comes back even when an expectation below fails, so the next test does not start without it.
    try {
      await expectLimitedRoutesFailClosed(account);
    } finally {
      await startRedis();
    }
    const backAt = performance.now();
    let status = 0;
    while (performance.now() - backAt < 15_000) {
      status = (await signIn(stack.app.url, account.email, account.password)).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`Redis back: sign-in answered 200 again after ${Math.round(performance.now() - backAt)} ms`);
    expect(status).toBe(200);
    const story = await streamStory(stack.app.url, account.token, storyBody());
    expect(story.status).toBe(200);
  }, 60_000);

  it("answer within 1 s when Redis accepts connections but never replies (command time-out)", async () => {
    const account = await createAccount(stack.app.url);
    const paused = redis;
    paused?.kill("SIGSTOP");
    try {
      const answer = await timed(() => signIn(stack.app.url, account.email, account.password));
      console.log(`Redis paused (SIGSTOP): ${answer.status} in ${answer.ms} ms`);
      expect(answer.status).toBe(503);
      expect(answer.ms).toBeLessThan(1000);
    } finally {
      paused?.kill("SIGCONT");
    }
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await signIn(stack.app.url, account.email, account.password)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  }, 60_000);
});

describe("an instance whose Redis is unreachable from the start", () => {
  let silent: Server | undefined;
  let lonely: TestApp | undefined;
  let lonelyDatabase: TestDatabase | undefined;

  afterAll(async () => {
    await lonely?.stop();
    await lonelyDatabase?.drop();
    silent?.close();
  });

  it("starts, serves what needs no limit, and answers limited routes with 503 within 1 s instead of hanging", async () => {
    // A port that accepts TCP and never speaks Redis: the connect time-out has to end the wait.
    const port = await freePort();
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent?.listen(port, "127.0.0.1", resolve));
    lonelyDatabase = await createTestDatabase();
    const started = await startApp({ database: lonelyDatabase, env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    lonely = started;
    expect((await fetch(`${started.url}/api/health`)).status).toBe(200);
    // The first request also loads the route's code on a cold server: it must answer, not hang.
    const first = await timed(() => signIn(started.url, "someone@example.com", "a fine long password"));
    const answer = await timed(() => signIn(started.url, "someone@example.com", "a fine long password"));
    console.log(`Redis never reachable: first request ${first.status} in ${first.ms} ms, then ${answer.status} in ${answer.ms} ms`);
    expect(first.status).toBe(503);
    expect(first.ms).toBeLessThan(5000);
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(answer.ms).toBeLessThan(1000);
  }, 120_000);
});
