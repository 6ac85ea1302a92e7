import { describe, expect, it } from "vitest";
import { migrate } from "../support/app";
import { createAccount, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

// The zero-configuration path a newcomer meets: no model key, the embedded database (whatever
// the run's TEST_DATABASE_URL), and its single-process lock.
const stack = setUpTestApp({ upstream: false, database: { embedded: true }, start: false });

describe("without a model key", () => {
  it("refuses to stream with a clear error event in production unless the demo is enabled", async () => {
    const app = await stack.startApp();
    const { token } = await createAccount(app.url);
    const result = await streamStory(app.url, token, storyBody());
    const types = result.events.map(({ event }) => event.type);
    expect(types).toEqual(["started", "error"]);
    const error = result.events[1]?.event;
    expect(error?.type === "error" && error.message).toMatch(/^Generation failed: no model is configured\. Set OPENAI_API_KEY/);
    await app.stop();
  }, 90_000);

  it("streams a labelled demo story when DEMO_STORYTELLER=1, saved with the demo model name", async () => {
    const app = await stack.startApp({ DEMO_STORYTELLER: "1" });
    const { token } = await createAccount(app.url);
    const result = await streamStory(app.url, token, storyBody({ hero_name: "Pip" }));
    expect(result.events[0]?.event).toMatchObject({ type: "started", model: "storystream-demo" });
    const completed = result.events.at(-1)?.event;
    if (completed?.type !== "completed") throw new Error(`expected completed, got ${JSON.stringify(completed)}`);
    expect(result.events.filter(({ event }) => event.type === "content").length).toBeGreaterThan(50);
    const story = await (await fetch(`${app.url}/api/v1/stories/${completed.story_id}/`, { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(story.model).toBe("storystream-demo");
    expect(story.content).toContain("Pip");
    expect(story.content).toContain("demo storyteller");

    // The demo is never moderated: production says so loudly, at start-up and in /api/health.
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", moderation: "off", limits: "on", warnings: [expect.stringMatching(/^Moderation is off/)] });
    const warning = app.logs.find((line) => line.includes('"event":"protections_off"'));
    expect(JSON.parse(warning ?? "{}")).toMatchObject({ level: "error", warnings: health.warnings });
  }, 90_000);
});

describe("the embedded database lock", () => {
  it("makes a second opener fail at once, naming the process that holds it, and loses nothing", async () => {
    // The app the previous test started still holds this database open.
    const startedAt = Date.now();
    const second = migrate(stack.database.env);
    expect(second.status).not.toBe(0);
    expect(second.output).toContain(`is in use by process ${stack.app.process.pid} (next start`);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    const health = await fetch(`${stack.app.url}/api/health`);
    expect(health.status).toBe(200);
  });
});
