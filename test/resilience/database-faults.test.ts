import { afterAll, beforeAll, expect, it } from "vitest";
import { createAccount, eventTypes, storyBody, streamedText, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";
import { startPrivatePostgres, type PrivatePostgres } from "./private-postgres";
import pg from "pg";
import { UNHANDLED } from "./support";

// The server is this file's own, so the test can stop and start it; it goes last, after the app.
let postgres: PrivatePostgres;
beforeAll(async () => (postgres = await startPrivatePostgres()));
afterAll(() => postgres?.destroy());
const stack = setUpTestApp({ database: { serverUrl: () => postgres.url }, env: { RATE_LIMIT_DISABLED: "1" } });
let token: string;
beforeAll(async () => ({ token } = await createAccount(stack.app.url)));

async function storiesInDatabase(): Promise<Array<{ id: string; content: string }>> {
  const client = new pg.Client({ connectionString: stack.database.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ id: string; content: string }>("SELECT id, content FROM stories")).rows;
  } finally {
    await client.end();
  }
}

it("PostgreSQL stopped during a generation: the save fails with an error event, not completed; started again, the app recovers without a restart", async () => {
  const before = await streamStory(stack.app.url, token, storyBody({ story_idea: "before the outage scenario:story" }));
  expect(eventTypes(before).at(-1)).toBe("completed");

  // "slow": 8 chunks 200 ms apart; the database goes away after the first one.
  let stopped = false;
  const during = await streamStory(stack.app.url, token, storyBody({ story_idea: "during the outage scenario:slow" }), {
    onEvent: (event) => {
      if (event.type === "content" && !stopped) {
        stopped = true;
        postgres.stop();
      }
    },
  });
  expect(stopped).toBe(true);
  const types = eventTypes(during);
  expect(types).not.toContain("completed");
  expect(types.at(-1)).toBe("error");
  expect(types.filter((type) => type === "error")).toHaveLength(1);
  const error = during.events.at(-1)?.event;
  // A database error is never described to the client: a generic message with a request id...
  const message = error?.type === "error" ? error.message : "";
  const requestId = /^Generation failed: something went wrong on our side, so nothing was saved \(request id ([0-9a-f-]{36})\)$/.exec(message)?.[1];
  expect(requestId, message).toBeDefined();
  // ...and its details go to the log under that id.
  const logged = await stack.app.waitForLog((line) => line.includes(`"request_id":"${requestId}"`) && line.includes("story_generation"));
  expect(logged).toBeDefined();
  expect(JSON.parse(logged ?? "{}").error).toMatch(/\w/);

  postgres.start();
  // The pool's connections died with the server; the next generations must work on new ones.
  const after = [];
  for (let i = 0; i < 3; i++) after.push(await streamStory(stack.app.url, token, storyBody({ story_idea: `after the outage ${i} scenario:story` })));
  expect(after.map((result) => eventTypes(result).at(-1))).toEqual(["completed", "completed", "completed"]);

  const rows = await storiesInDatabase();
  const expected = [before, ...after].map((result) => {
    const completed = result.events.at(-1)?.event;
    return { id: completed?.type === "completed" ? completed.story_id : "", content: streamedText(result) };
  });
  expect(rows.sort((a, b) => a.id.localeCompare(b.id))).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
  expect(stack.app.process.exitCode).toBeNull();
  expect(stack.app.logs.filter((line) => UNHANDLED.test(line))).toEqual([]);
}, 90_000);
