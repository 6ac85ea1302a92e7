import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, eventTypes, storyBody, streamStory } from "../support/client";
import type { Scenario } from "../support/fake-openai";
import { sleep, UNHANDLED, setUpResilienceApp } from "./support";

// The documented time-outs, shortened for the test: no first token, or no next token, within 1.5 s.
const FIRST_TOKEN_TIMEOUT_MS = 1500;
const IDLE_TIMEOUT_MS = 1500;

const target = setUpResilienceApp({
  env: { STORY_FIRST_TOKEN_TIMEOUT_MS: String(FIRST_TOKEN_TIMEOUT_MS), STORY_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS), OPENAI_MAX_RETRIES: "0" },
});
let token: string;

beforeAll(async () => {
  ({ token } = await createAccount(target.app.url));
  await streamStory(target.app.url, token, storyBody({ story_idea: "warm-up scenario:story" })); // loads the route's code
});

// How each fault must end: a fault the upstream reports ends with the upstream's own error, not a
// time-out; a hang ends by the time-out it trips. Both within that time-out plus slack for the load.
const SLACK_MS = 3000;
const FAULTS: Array<{ scenario: Scenario; endsAfterMs: number; message: RegExp }> = [
  { scenario: "fail-500", endsAfterMs: 0, message: /^Generation failed: OpenAI API error \(HTTP 500\)/ },
  { scenario: "rate-429", endsAfterMs: 0, message: /^Generation failed: OpenAI API error \(HTTP 429\)/ },
  { scenario: "malformed", endsAfterMs: 0, message: /^Generation failed: (?!.*did not respond in time)/ },
  { scenario: "drop-mid", endsAfterMs: 0, message: /^Generation failed: (?!.*did not respond in time)/ },
  { scenario: "hang-first", endsAfterMs: FIRST_TOKEN_TIMEOUT_MS - 50, message: /no first token within 1.5 s/ },
  { scenario: "hang-mid", endsAfterMs: IDLE_TIMEOUT_MS - 50, message: /no next token within 1.5 s/ },
];
const COPIES = 5; // each fault several times over, all six side by side

describe("upstream fault matrix under concurrency", () => {
  it(`${FAULTS.length} faults x ${COPIES} concurrent streams: each ends in one error within its time-out, saves nothing, and leaves no upstream connection open`, async () => {
    const runId = Date.now().toString(36);
    const runs = await Promise.all(
      FAULTS.flatMap(({ scenario, endsAfterMs, message }) =>
        Array.from({ length: COPIES }, async (_, copy) => {
          const marker = `fault-${runId}-${scenario}-${copy}-`;
          const startedAt = Date.now();
          const result = await streamStory(target.app.url, token, storyBody({ story_idea: `${marker} scenario:${scenario}` }));
          return { scenario, marker, endsAfterMs, message, result, startedAt, endedAt: Date.now() };
        }),
      ),
    );

    for (const run of runs) {
      const types = eventTypes(run.result);
      expect({ marker: run.marker, types }).toEqual({ marker: run.marker, types: expect.arrayContaining(["started", "error"]) });
      expect(types.filter((type) => type === "error")).toHaveLength(1);
      expect(types.at(-1)).toBe("error");
      expect(types).not.toContain("completed");
      const tookMs = run.endedAt - run.startedAt;
      expect(tookMs, `${run.scenario} took ${tookMs} ms`).toBeGreaterThanOrEqual(run.endsAfterMs);
      expect(tookMs, `${run.scenario} took ${tookMs} ms`).toBeLessThan(Math.max(FIRST_TOKEN_TIMEOUT_MS, IDLE_TIMEOUT_MS) + SLACK_MS);
      const error = run.result.events.at(-1)?.event;
      expect(error?.type === "error" && error.message).toMatch(run.message);
      // One upstream request per stream (no retry storm with OPENAI_MAX_RETRIES=0), closed by the end of the stream plus 1 s.
      const requests = target.upstream.requestsFor(run.marker);
      expect(requests).toHaveLength(1);
      await expect.poll(() => requests[0]?.closedAt, { timeout: 1000 }).toBeDefined();
      expect((requests[0]?.closedAt ?? Number.POSITIVE_INFINITY) - run.endedAt).toBeLessThan(1000);
    }
    await expect.poll(() => target.upstream.openRequests(), { timeout: 1000 }).toBe(0);

    await sleep(300);
    expect(await target.storiesMatching(`fault-${runId}-`)).toEqual([]);
    expect(target.app.logs.filter((line) => UNHANDLED.test(line))).toEqual([]);
  }, 60_000);

  it("the app still streams and saves normally after the fault storm", async () => {
    const marker = `after-faults-${Date.now().toString(36)}-`;
    const result = await streamStory(target.app.url, token, storyBody({ story_idea: `${marker} scenario:story` }));
    expect(eventTypes(result).at(-1)).toBe("completed");
    expect(await target.storiesMatching(marker)).toHaveLength(1);
  });
});
