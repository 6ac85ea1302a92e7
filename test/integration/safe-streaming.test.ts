import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, eventTypes, storyBody, streamedText, streamStory, type StreamResult } from "../support/client";
import {
  FLAGGED_MARKER,
  MODERATION_DOWN_MARKER,
  MODERATION_MALFORMED_MARKER,
  type FakeOpenAI,
  type RecordedModeration,
  type RecordedRequest,
} from "../support/fake-openai";
import { setUpTestApp } from "../support/set-up-test-app";

/**
 * The safety gate through the real SDK and HTTP: the fake model streams a scripted story, the
 * fake moderation endpoint answers each input with scores and latency, and we read what a client
 * receives.
 */
const stack = setUpTestApp({ env: { MODERATION_TIMEOUT_MS: "1500", STORY_IDLE_TIMEOUT_MS: "5000" } });
let token: string;
beforeAll(async () => {
  ({ token } = await createAccount(stack.app.url));
  stack.upstream.moderation.latencyMs = 20;
});

async function storyCount(): Promise<number> {
  const res = await fetch(`${stack.app.url}/api/v1/stories/?limit=100`, { headers: { Authorization: `Bearer ${token}` } });
  return (await res.json()).stories.length;
}

/** The model request for `script`, once the fake has seen it close (the app's abort and our read race). */
async function closedModelRequest(script: string, upstream: FakeOpenAI = stack.upstream): Promise<RecordedRequest | undefined> {
  for (let waited = 0; waited < 3000; waited += 20) {
    const [request] = upstream.requestsFor(script);
    if (request?.closedAt !== undefined) return request;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return upstream.requestsFor(script)[0];
}

/** When the verdict for `unit` (checked with its context, not the whole story) was answered; retries count once answered. */
function verdictTime(calls: RecordedModeration[], unit: string, whole: string): number {
  const answered = calls.filter((call) => call.answeredAt !== undefined && call.inputs.some((input) => input.endsWith(unit) && input !== whole));
  return answered.at(-1)?.answeredAt ?? Infinity;
}

const contents = (result: StreamResult) => result.events.flatMap(({ event }) => (event.type === "content" ? [event.data] : []));
const contentTimes = (result: StreamResult) => result.events.flatMap(({ event, at }) => (event.type === "content" ? [performance.timeOrigin + at] : []));
const SAFE_OPENING = ["Once upon a time, ", "a fox ", "found a map. ", "She walked ", "to the lake. "];
/** Eighty more chunks after the unsafe one: 4 s of model time the app must not wait for. */
const TAIL = Array.from({ length: 80 }, (_, i) => `More words ${i}. `);

describe("a story that turns unsafe mid-way", () => {
  it("sends the safe units before it and no byte of the flagged unit or after, closes the model request within 1 s, and saves nothing", async () => {
    const before = await storyCount();
    const script = stack.upstream.script([...SAFE_OPENING, "Then something ", `${FLAGGED_MARKER} happened `, "in the dark. ", ...TAIL], { delayMs: 50 });
    const result = await streamStory(stack.app.url, token, storyBody({ story_idea: `turns unsafe ${script}` }));

    expect(contents(result)).toEqual(["Once upon a time,", " a fox found a map.", " She walked to the lake."]);
    expect(JSON.stringify(result.events)).not.toContain(FLAGGED_MARKER);
    expect(JSON.stringify(result.events)).not.toContain("Then something");
    expect(eventTypes(result).at(-1)).toBe("error");
    expect(eventTypes(result)).not.toContain("completed");
    expect(result.events.at(-1)?.event).toEqual({
      type: "error",
      reason: "unsafe",
      message: "Generation failed: we stopped this story because it was heading somewhere that isn't right for children. Nothing was saved; please try again, perhaps with a different idea.",
    });

    const request = await closedModelRequest(script);
    const flaggedCall = stack.upstream.moderationRequests.find((call) => call.inputs.some((input) => input.includes(FLAGGED_MARKER)));
    expect(flaggedCall?.answeredAt).toBeDefined();
    expect(request?.closedAt).toBeDefined();
    expect((request?.closedAt ?? Infinity) - (flaggedCall?.answeredAt ?? 0)).toBeLessThan(1000);
    // The model would have gone on for another 4 s.
    expect((request?.closedAt ?? Infinity) - (request?.receivedAt ?? 0)).toBeLessThan(50 * (SAFE_OPENING.length + 3 + TAIL.length) - 1000);
    expect(await storyCount()).toBe(before);
  });

  it("withholds a unit that the endpoint does not flag but that scores above the children's threshold", async () => {
    const script = stack.upstream.script(["A calm start to the day. ", "Then a scene SCORE:violence=0.6 followed. ", "The end."], { delayMs: 30 });
    const result = await streamStory(stack.app.url, token, storyBody({ story_idea: script }));
    expect(streamedText(result)).toBe("A calm start to the day.");
    expect(result.events.at(-1)?.event).toMatchObject({ type: "error", reason: "unsafe" });
  });
});

describe("the full-text check before saving", () => {
  it("still runs: a story whose units each pass but whose whole does not is not saved, and the page is told to withdraw it", async () => {
    const units = ["A calm start to the day.", " A calm middle.", " A calm end."];
    const whole = units.join("");
    stack.upstream.moderation.reply = (inputs) => (inputs.length === 1 && inputs[0] === whole ? { scores: [{ violence: 0.9 }] } : undefined);
    try {
      const before = await storyCount();
      const script = stack.upstream.script(units, { delayMs: 20 });
      const result = await streamStory(stack.app.url, token, storyBody({ story_idea: script }));
      expect(streamedText(result)).toBe(whole);
      expect(stack.upstream.moderationInputs).toContainEqual([whole]);
      expect(result.events.at(-1)?.event).toMatchObject({ type: "error", reason: "unsafe", withdraw: true });
      expect(await storyCount()).toBe(before);
    } finally {
      stack.upstream.moderation.reply = undefined;
    }
  });
});

describe("order and hold-back", () => {
  it("releases units in order when verdicts come back out of order", async () => {
    const units = ["The first unit is slow to check.", " The second one is quick.", " And the third.", " The end."];
    // Under the app's MODERATION_TIMEOUT_MS (1500 ms): slow, not failed.
    stack.upstream.moderation.reply = (inputs) => (inputs.some((input) => input.endsWith(units[0] ?? "")) ? { delayMs: 500 } : undefined);
    try {
      const script = stack.upstream.script(units, { delayMs: 40 });
      const result = await streamStory(stack.app.url, token, storyBody({ story_idea: script }));
      expect(contents(result)).toEqual(units);
      expect(eventTypes(result).at(-1)).toBe("completed");

      const calls = stack.upstream.moderationRequests.filter((call) => call.inputs.some((input) => units.some((unit) => input.endsWith(unit))));
      const answerFor = (unit: string) => verdictTime(calls, unit, units.join(""));
      // The second unit's verdict came back first...
      expect(answerFor(units[1] ?? "")).toBeLessThan(answerFor(units[0] ?? ""));
      // ...but nothing after the first unit was released before the first unit's verdict.
      const times = contentTimes(result);
      for (const at of times) expect(at).toBeGreaterThanOrEqual(answerFor(units[0] ?? "") - 5);
    } finally {
      stack.upstream.moderation.reply = undefined;
    }
  });

  it("a slow verdict holds back the later units until it arrives", async () => {
    const units = ["A quick first clause here,", " then a sentence that is slow to check.", " Then two more.", " The end."];
    stack.upstream.moderation.reply = (inputs) => (inputs.some((input) => input.endsWith(units[1] ?? "")) ? { delayMs: 600 } : undefined);
    try {
      const script = stack.upstream.script(units, { delayMs: 40 });
      const from = stack.upstream.moderationRequests.length;
      const result = await streamStory(stack.app.url, token, storyBody({ story_idea: script }));
      expect(contents(result)).toEqual(units);
      const answeredAt = (unit: string) => verdictTime(stack.upstream.moderationRequests.slice(from), unit, units.join(""));
      expect(answeredAt(units[1] ?? "")).toBeLessThan(Infinity);
      // Units 3 and 4 had their verdicts long before unit 2's came back...
      expect(answeredAt(units[2] ?? "") + 300).toBeLessThan(answeredAt(units[1] ?? ""));
      expect(answeredAt(units[3] ?? "") + 300).toBeLessThan(answeredAt(units[1] ?? ""));
      // ...and still reached the client only after it (same clock: this process's).
      const [, , third = 0, fourth = 0] = contentTimes(result);
      expect(third).toBeGreaterThanOrEqual(answeredAt(units[1] ?? "") - 5);
      expect(fourth).toBeGreaterThanOrEqual(answeredAt(units[1] ?? "") - 5);
      expect(eventTypes(result).at(-1)).toBe("completed");
    } finally {
      stack.upstream.moderation.reply = undefined;
    }
  });

  it("checks each unit with the one before it, and puts units that complete while calls are busy into one call", async () => {
    stack.upstream.moderation.latencyMs = 400;
    try {
      const units = ["One little fox went out,", " and ran.", " Two foxes ran.", " Three foxes ran.", " Four foxes ran.", " Five foxes ran.", " Six foxes ran.", " The end."];
      const script = stack.upstream.script(units, { delayMs: 30 });
      const from = stack.upstream.moderationRequests.length;
      const result = await streamStory(stack.app.url, token, storyBody({ story_idea: script }));
      expect(contents(result)).toEqual(units);
      // This story's checks of its units after the first (not of the request, the first unit or the whole).
      const calls = stack.upstream.moderationRequests.slice(from).filter((call) => call.inputs.some((input) => units.slice(1).some((unit) => input.endsWith(unit)) && input !== units.join("")));
      const inputs = calls.flatMap((call) => call.inputs);
      // Each unit's input is the previous unit followed by it.
      expect(inputs.slice(0, units.length - 1)).toEqual(units.slice(1).map((unit, i) => `${units[i]}${unit}`));
      expect(Math.max(...calls.map((call) => call.inputs.length))).toBeGreaterThan(1);
      expect(calls.length).toBeLessThan(units.length);
    } finally {
      stack.upstream.moderation.latencyMs = 20;
    }
  });
});

describe("moderation failing mid-story", () => {
  it.each([
    ["answers HTTP 500", MODERATION_DOWN_MARKER],
    ["answers with a malformed body", MODERATION_MALFORMED_MARKER],
    ["times out", "MODERATION_TIMES_OUT"],
  ])("fails closed when it %s: the earlier units only, an error event, the model stopped, nothing saved", async (_, marker) => {
    stack.upstream.moderation.reply = (inputs) => (inputs.some((input) => input.includes("MODERATION_TIMES_OUT")) ? { delayMs: 10_000 } : undefined);
    try {
      const before = await storyCount();
      // 8 s of model time: longer than a time-out and its one retry.
      const tail = Array.from({ length: 160 }, (_, i) => `More words ${i}. `);
      const script = stack.upstream.script([...SAFE_OPENING, `Then ${marker} came. `, ...tail], { delayMs: 50 });
      const result = await streamStory(stack.app.url, token, storyBody({ story_idea: `fails ${script}` }));
      expect(streamedText(result)).toBe(SAFE_OPENING.join("").trimEnd());
      expect(result.events.at(-1)?.event).toEqual({ type: "error", message: "Generation failed: the safety check is unavailable right now" });
      const request = await closedModelRequest(script);
      expect((request?.closedAt ?? Infinity) - (request?.receivedAt ?? 0)).toBeLessThan(50 * (SAFE_OPENING.length + 1 + tail.length) - 2000);
      expect(await storyCount()).toBe(before);
    } finally {
      stack.upstream.moderation.reply = undefined;
    }
  });
});

describe("release-then-check (MODERATION_STREAM=async)", () => {
  const asyncStack = setUpTestApp({ env: { MODERATION_STREAM: "async" } });
  let asyncToken: string;
  let asyncApp: { url: string };
  let upstream: FakeOpenAI;
  beforeAll(async () => {
    ({ app: asyncApp, upstream } = asyncStack);
    ({ token: asyncToken } = await createAccount(asyncApp.url));
    upstream.moderation.latencyMs = 20;
  });

  it("streams text as the model writes it and, on a flag, stops the model and tells the page to withdraw it", async () => {
    const script = upstream.script([...SAFE_OPENING, "Then something ", `${FLAGGED_MARKER} happened. `, ...TAIL], { delayMs: 50 });
    const result = await streamStory(asyncApp.url, asyncToken, storyBody({ story_idea: script }));
    // Chunk by chunk, as generated: the opening arrives as the model's own pieces.
    expect(contents(result).slice(0, SAFE_OPENING.length)).toEqual(SAFE_OPENING);
    expect(result.events.at(-1)?.event).toMatchObject({ type: "error", reason: "unsafe", withdraw: true });
    const request = await closedModelRequest(script, upstream);
    expect((request?.closedAt ?? Infinity) - (request?.receivedAt ?? 0)).toBeLessThan(50 * (SAFE_OPENING.length + 2 + TAIL.length) - 1000);
    const stories = await (await fetch(`${asyncApp.url}/api/v1/stories/`, { headers: { Authorization: `Bearer ${asyncToken}` } })).json();
    expect(stories.stories).toEqual([]);
  });

  it("a safe story streams chunk by chunk and is saved exactly as sent", async () => {
    const chunks = ["Once upon a time, ", "a fox ", "found a map. ", "The end."];
    const script = upstream.script(chunks, { delayMs: 20 });
    const result = await streamStory(asyncApp.url, asyncToken, storyBody({ story_idea: script }));
    expect(contents(result)).toEqual(chunks);
    const completed = result.events.at(-1)?.event;
    if (completed?.type !== "completed") throw new Error(`expected completed, got ${JSON.stringify(completed)}`);
    const saved = await (await fetch(`${asyncApp.url}/api/v1/stories/${completed.story_id}/`, { headers: { Authorization: `Bearer ${asyncToken}` } })).json();
    expect(saved.content).toBe(chunks.join(""));
  });
});
