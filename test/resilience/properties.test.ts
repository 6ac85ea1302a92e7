import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { FIELD_LIMITS, MAX_AGE, MIN_AGE } from "@/lib/stories/policy";
import { createAccount, eventTypes, storyBody, streamedText, streamStory } from "../support/client";
import { completedEvent, UNHANDLED, setUpResilienceApp } from "./support";

const target = setUpResilienceApp();
let token: string;
beforeAll(async () => ({ token } = await createAccount(target.app.url)));

/** PostgreSQL text cannot hold U+0000, so the app drops it from what it streams and saves alike. */
const storable = (text: string) => text.replaceAll("\u0000", "");

/** Any Unicode text (every code point, astral planes included), as the model's chunks. */
const chunksArbitrary = fc
  .array(fc.string({ unit: "binary", minLength: 1, maxLength: 24 }), { minLength: 1, maxLength: 16 })
  .filter((chunks) => storable(chunks.join("")).trim() !== ""); // an all-blank story is refused by design

describe("content round trip", () => {
  it("any Unicode text split at any points into content events reassembles to exactly the saved content and story_length", async () => {
    await fc.assert(
      fc.asyncProperty(chunksArbitrary, async (chunks) => {
        const script = target.upstream.script(chunks);
        const result = await streamStory(target.app.url, token, storyBody({ story_idea: `prop ${script}` }));
        const text = storable(chunks.join(""));
        const completed = completedEvent(result.events);
        expect(eventTypes(result).at(-1)).toBe("completed");
        expect(streamedText(result)).toBe(text);
        // Held back by the safety gate, events are release units rather than the model's chunks: none is empty.
        expect(result.events.every(({ event }) => event.type !== "content" || event.data !== "")).toBe(true);
        expect(completed?.story_length).toBe([...text].length);
        const { rows } = await target.sql.query<{ content: string; story_length: number }>("SELECT content, story_length FROM stories WHERE id = $1", [completed?.story_id]);
        expect(rows).toEqual([{ content: text, story_length: [...text].length }]);
      }),
      { numRuns: 120 },
    );
  }, 180_000);
});

const LANGUAGE_TAGS = ["en", "fr", "pt-BR", "zh-Hant-TW", "sr-Latn", "es-419", "de-CH", "ja", "ar", "uk", "en-GB"];

/** A trimmed-length-safe, non-blank text field of at most `max` UTF-16 units. */
const textField = (max: number) =>
  fc
    .oneof(
      fc.string({ unit: "binary", minLength: 1, maxLength: Math.floor(max / 2) }), // astral code points are two UTF-16 units
      fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: max }),
    )
    // Control characters are refused at validation (below).
    .filter((value) => value.trim() !== "" && !/\p{Cc}/u.test(value));

const validBody = fc.record({
  story_name: textField(FIELD_LIMITS.story_name),
  hero_name: textField(FIELD_LIMITS.hero_name),
  story_idea: textField(FIELD_LIMITS.story_idea),
  story_style: textField(FIELD_LIMITS.story_style),
  language: fc.constantFrom(...LANGUAGE_TAGS),
  age: fc.integer({ min: MIN_AGE, max: MAX_AGE }),
});

type Field = keyof ReturnType<typeof storyBody>;
type TextField = Exclude<Field, "age" | "language">;
const TEXT_FIELDS: readonly TextField[] = ["story_name", "hero_name", "story_idea", "story_style"];

type Mutation = { describe: string; apply: (body: Record<string, unknown>) => unknown };
const mutate = (describe: string, apply: Mutation["apply"]): Mutation => ({ describe, apply });

/** One way to break one field of an otherwise valid body. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom<Field>("story_name", "hero_name", "story_idea", "story_style", "language", "age").map((field) => mutate(`without ${field}`, (body) => Object.fromEntries(Object.entries(body).filter(([key]) => key !== field)))),
  fc
    .tuple(fc.constantFrom<Field>("story_name", "hero_name", "story_idea", "story_style", "language", "age"), fc.constantFrom<unknown>(null, true, 42.5, [], {}, ["a"], { text: "x" }))
    .filter(([field, value]) => !(field === "age" && typeof value === "number" && Number.isInteger(value)))
    .map(([field, value]) => mutate(`${field} = ${JSON.stringify(value)}`, (body) => ({ ...body, [field]: value }))),
  fc.tuple(fc.constantFrom(...TEXT_FIELDS), fc.constantFrom("", " ", "\t\n", "\u00a0\u2003")).map(([field, blank]) => mutate(`${field} blank`, (body) => ({ ...body, [field]: blank }))),
  fc.tuple(fc.constantFrom(...TEXT_FIELDS), fc.integer({ min: 1, max: 40 })).map(([field, extra]) => mutate(`${field} too long by ${extra}`, (body) => ({ ...body, [field]: "x".repeat(FIELD_LIMITS[field] + extra) }))),
  fc.oneof(fc.integer({ max: MIN_AGE - 1 }), fc.integer({ min: MAX_AGE + 1 }), fc.double({ min: MIN_AGE, max: MAX_AGE, noNaN: true }).filter((n) => !Number.isInteger(n)), fc.constant(String(8))).map((age) => mutate(`age = ${JSON.stringify(age)}`, (body) => ({ ...body, age }))),
  fc
    .constantFrom("english please", "123", "x", "en_US_", "!!", "zz-ZZZZZZZZZ", "en-x-ignore-all-rules", "en-US-u-ca-buddhist", "de-DE-1996")
    .map((language) => mutate(`language = ${language}`, (body) => ({ ...body, language }))),
  fc
    .tuple(fc.constantFrom(...TEXT_FIELDS), fc.constantFrom("\u0000", "\u0007", "\u001b", "\u007f", "\u009b"), fc.nat())
    .map(([field, control, at]) =>
      mutate(`${field} with U+${control.charCodeAt(0).toString(16).padStart(4, "0")}`, (body) => {
        // Room for the control character within the length limit, so it is what makes the body invalid.
        const value = String(body[field]).slice(0, FIELD_LIMITS[field] - 1);
        const index = at % (value.length + 1);
        return { ...body, [field]: `${value.slice(0, index)}${control}${value.slice(index)}` };
      }),
    ),
  fc.constantFrom<unknown>(null, [], "a string", 42, true).map((value) => mutate(`body = ${JSON.stringify(value)}`, () => value)),
);

describe("request schema over HTTP", () => {
  it("accepts every valid body: 200 and a started event", async () => {
    await fc.assert(
      fc.asyncProperty(validBody, async (body) => {
        const result = await streamStory(target.app.url, token, body, { onEvent: (event, controller) => event.type === "started" && controller.abort() });
        expect(result.status, JSON.stringify(result.json)).toBe(200);
        expect(eventTypes(result)[0]).toBe("started");
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it("rejects every mutated body with 400 and field details, never a 500, and calls no model", async () => {
    // The previous test cuts its streams at `started`; let their model calls land before counting.
    let seen = -1;
    while (seen !== target.upstream.requests.length || target.upstream.openRequests() > 0) {
      seen = target.upstream.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await fc.assert(
      fc.asyncProperty(validBody, mutation, async (body, { describe, apply }) => {
        const requestsBefore = target.upstream.requests.length;
        const result = await streamStory(target.app.url, token, apply({ ...body }));
        expect(result.status, describe).toBe(400);
        expect(result.json).toMatchObject({ error: expect.any(String) });
        expect(target.upstream.requests.length).toBe(requestsBefore);
      }),
      { numRuns: 200 },
    );
    expect(target.app.logs.filter((line) => UNHANDLED.test(line))).toEqual([]);
  }, 120_000);
});
