import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RELEASE_UNITS } from "@/lib/safety/policy";
import { createUnitSplitter, type UnitLimits } from "@/lib/safety/release-units";

/** Pushes `chunks` one by one, as model deltas, and returns the units in the order they came out. */
function split(chunks: readonly string[], { language = "en", limits = RELEASE_UNITS }: { language?: string; limits?: UnitLimits } = {}): string[] {
  const units: string[] = [];
  const splitter = createUnitSplitter({ language, limits, onUnit: (unit) => units.push(unit) });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return units;
}

/** Offsets where a unit ends inside the whole text (its end excluded). */
function cuts(units: readonly string[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const unit of units.slice(0, -1)) offsets.push((offset += unit.length));
  return offsets;
}

function boundaries(text: string, granularity: "grapheme" | "word", language = "en"): Set<number> {
  const set = new Set<number>([text.length]);
  for (const { index } of new Intl.Segmenter(language, { granularity }).segment(text)) set.add(index);
  return set;
}

/** Splits text into chunks at arbitrary code-unit offsets (surrogate pairs may be cut in two, as on the wire). */
const chunked = (text: fc.Arbitrary<string>) =>
  text.chain((whole) =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: Math.max(1, whole.length - 1) }), { maxLength: 12 })
      .map((points) => {
        const sorted = points.filter((point) => point < whole.length).sort((a, b) => a - b);
        return { whole, chunks: [0, ...sorted].map((start, i) => whole.slice(start, sorted[i] ?? whole.length)) };
      }),
  );

/** Story-like text: words, numbers, abbreviations, punctuation, quotes, emoji, combining marks, CJK and Thai. */
const storyPiece = fc.oneof(
  fc.stringMatching(/^[A-Za-zéüñ]{1,9}$/),
  fc.constantFrom("can't", "3.5", "e.g.", "Mr.", "U.S.", "Élodie", "naïve", "e\u0301", "🦊", "👩‍👩‍👧", "👍🏽", "🇫🇷", "✨"),
  fc.constantFrom(" ", " ", " ", ". ", "! ", "? ", ", ", "; ", ": ", "\n\n", "\n", " \u201cHi!\u201d ", "\u2026 ", " - "),
  fc.constantFrom("你好。", "我很好！", "谢谢。", "こんにちは。", "สวัสดีครับ ", "가나다. "),
  // Marks, joiners and modifiers that attach to whatever precedes them, even a space.
  fc.constantFrom("\u0301", "\u200d", "🏽", "\ufe0f", "\u0903"),
);
const storyText = fc.array(storyPiece, { minLength: 1, maxLength: 120 }).map((pieces) => pieces.join(""));
const anyText = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 300 }),
  fc.array(fc.oneof(storyPiece, fc.string({ unit: "binary", minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 120 }).map((parts) => parts.join("")),
);

describe("release units", () => {
  it("cut a story at sentence ends, with a short first clause", () => {
    expect(split(["Once upon a time, a brave ", "little fox found a map.\n\nShe followed it. Mr. Fox", " smiled! The end."])).toEqual([
      "Once upon a time,",
      " a brave little fox found a map.",
      "\n\nShe followed it.",
      " Mr.",
      " Fox smiled!",
      " The end.",
    ]);
  });

  it("cut Chinese and Japanese after their full stops, where no space follows", () => {
    expect(split(["你好。我很", "好！谢谢"], { language: "zh" })).toEqual(["你好。", "我很好！", "谢谢"]);
    expect(split(["こんにちは。元気", "です。"], { language: "ja" })).toEqual(["こんにちは。", "元気です。"]);
  });

  it("cap a run-on sentence at 40 words, and the first unit at 12", () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    const units = split(words.map((word) => `${word} `));
    expect(units.map((unit) => unit.trim().split(/\s+/).length)).toEqual([12, 40, 40, 8]);
  });

  it("cut as soon as the space after a full stop arrives, before it: a full stop alone decides nothing", () => {
    const units: string[] = [];
    const splitter = createUnitSplitter({ language: "en", onUnit: (unit) => units.push(unit) });
    splitter.push("It cost 3.");
    expect(units).toEqual([]);
    splitter.push("5 coins.");
    expect(units).toEqual([]);
    splitter.push(" ");
    expect(units).toEqual(["It cost 3.5 coins."]);
    splitter.push("The");
    splitter.flush();
    expect(units).toEqual(["It cost 3.5 coins.", " The"]);
  });

  it("property: the units concatenate to exactly the text, and none is empty, for any text and any chunking", () => {
    fc.assert(
      fc.property(chunked(anyText), ({ whole, chunks }) => {
        const units = split(chunks);
        expect(units.join("")).toBe(whole);
        expect(units.every((unit) => unit.length > 0)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("property: no unit splits a grapheme, for any text and any chunking", () => {
    fc.assert(
      fc.property(chunked(fc.oneof(anyText, storyText)), ({ whole, chunks }) => {
        const graphemes = boundaries(whole, "grapheme");
        for (const cut of cuts(split(chunks))) expect(graphemes.has(cut), `cut at ${cut} of ${JSON.stringify(whole)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("property: no unit splits a word (as Intl.Segmenter sees the whole text), for story-like text in any chunking", () => {
    fc.assert(
      fc.property(chunked(storyText), ({ whole, chunks }) => {
        const words = boundaries(whole, "word");
        for (const cut of cuts(split(chunks))) expect(words.has(cut), `cut at ${cut} of ${JSON.stringify(whole)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("property: without the length cap for unspaced scripts, no unit splits a word of any text at all", () => {
    const limits = { ...RELEASE_UNITS, maxCodeUnits: Number.MAX_SAFE_INTEGER };
    fc.assert(
      fc.property(chunked(anyText), ({ whole, chunks }) => {
        const words = boundaries(whole, "word");
        for (const cut of cuts(split(chunks, { limits }))) expect(words.has(cut), `cut at ${cut} of ${JSON.stringify(whole)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
