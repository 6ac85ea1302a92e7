import { describe, expect, it } from "vitest";
import { createAccount, eventTypes, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

const GRACE_MS = 6000;
// The idle time-out is far off, so the stream that goes quiet after two chunks is still running
// whenever the deadline comes, however slow the machine: only the shutdown can end it.
const stack = setUpTestApp({ env: { SHUTDOWN_GRACE_MS: String(GRACE_MS), STORY_IDLE_TIMEOUT_MS: "120000" } });

describe("graceful shutdown on SIGTERM", () => {
  let account: Awaited<ReturnType<typeof createAccount>>;

  it("lets short streams finish, ends those still running at the deadline with an error event, saves no half story", async () => {
    const app = stack.app;
    account = await createAccount(app.url);
    const firstWord = () => {
      let seen = () => {};
      const arrived = new Promise<void>((resolve) => (seen = resolve));
      return { arrived, onEvent: (event: { type: string }) => event.type === "content" && seen() };
    };
    const shortStarted = firstWord();
    const short = streamStory(app.url, account.token, storyBody({ story_idea: "scenario:slow" }), shortStarted); // ~1.6 s
    // Its half sentence is held back by the safety gate and never reaches the client: wait for its model call instead.
    const marker = `unfinished-${Date.now()}`;
    const unfinished = streamStory(app.url, account.token, storyBody({ story_idea: `${marker} scenario:hang-mid` }));
    const modelCalled = (async () => {
      while (stack.upstream.requestsFor(marker).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    })();
    await Promise.all([shortStarted.arrived, modelCalled]);
    const exited = new Promise<number>((resolve) => app.process.once("exit", () => resolve(Date.now())));
    const signalledAt = Date.now();
    app.process.kill("SIGTERM");

    const [shortResult, unfinishedResult] = await Promise.all([short, unfinished]);
    const exitedAt = await exited;
    console.log(`SIGTERM to exit: ${exitedAt - signalledAt} ms (grace ${GRACE_MS} ms)`);
    expect(eventTypes(shortResult).at(-1)).toBe("completed");
    expect(eventTypes(unfinishedResult).at(-1)).toBe("error");
    const error = unfinishedResult.events.at(-1)?.event;
    expect(error?.type === "error" && error.message).toBe("Generation failed: the server is restarting; please try again in a moment");
    // Bounded by the grace, not by the stream (which would never end) or idle keep-alive sockets.
    expect(exitedAt - signalledAt).toBeLessThan(GRACE_MS + 10_000);
    expect(app.logs.some((line) => line.includes('"shutdown_drained"') && line.includes('"aborted":1'))).toBe(true);
  });

  it("keeps only the finished story: started again on the same database, the library has one", async () => {
    const app = await stack.startApp();
    const login = await fetch(`${app.url}/api/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    const { access_token: fresh } = await login.json();
    const list = await (await fetch(`${app.url}/api/v1/stories/`, { headers: { Authorization: `Bearer ${fresh}` } })).json();
    expect(list.stories).toHaveLength(1);
  });
});
