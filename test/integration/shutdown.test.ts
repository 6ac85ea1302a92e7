import { describe, expect, it } from "vitest";
import { createAccount, eventTypes, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

const stack = setUpTestApp({ start: false });

describe("graceful shutdown on SIGTERM", () => {
  it("lets short streams finish, ends long ones with an error event within the deadline, saves no half story", async () => {
    let app = await stack.startApp({ SHUTDOWN_GRACE_MS: "4000" });
    const { token, email, password } = await createAccount(app.url);
    const firstWord = () => {
      let seen = () => {};
      const arrived = new Promise<void>((resolve) => (seen = resolve));
      return { arrived, onEvent: (event: { type: string }) => event.type === "content" && seen() };
    };
    const shortStarted = firstWord();
    const longStarted = firstWord();
    const short = streamStory(app.url, token, storyBody({ story_idea: "scenario:slow" }), shortStarted); // ~1.6 s
    const long = streamStory(app.url, token, storyBody({ story_idea: "scenario:long" }), longStarted); // ~6 s
    await Promise.all([shortStarted.arrived, longStarted.arrived]);
    const exited = new Promise<number>((resolve) => app.process.once("exit", () => resolve(Date.now())));
    const signalledAt = Date.now();
    app.process.kill("SIGTERM");

    const [shortResult, longResult] = await Promise.all([short, long]);
    const exitedAt = await exited;
    console.log(`SIGTERM to exit: ${exitedAt - signalledAt} ms (grace 4000 ms)`);
    expect(eventTypes(shortResult).at(-1)).toBe("completed");
    expect(eventTypes(longResult).at(-1)).toBe("error");
    const error = longResult.events.at(-1)?.event;
    expect(error?.type === "error" && error.message).toBe("Generation failed: the server is restarting; please try again in a moment");
    expect(exitedAt - signalledAt).toBeLessThan(4000 + 3000);
    expect(app.logs.some((line) => line.includes('"shutdown_drained"') && line.includes('"aborted":1'))).toBe(true);

    // Back up on the same database: only the short story was kept.
    app = await stack.startApp();
    const login = await fetch(`${app.url}/api/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    const { access_token: fresh } = await login.json();
    const list = await (await fetch(`${app.url}/api/v1/stories/`, { headers: { Authorization: `Bearer ${fresh}` } })).json();
    expect(list.stories).toHaveLength(1);
  }, 120_000);
});
