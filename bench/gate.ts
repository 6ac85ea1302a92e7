// The safety gate alone, in one process, no HTTP: `node bench/gate.ts [--stories 3] [--interval 20] [--latency 150]`.
//
// 1. Cost: microseconds per token to segment and release a ~500-word story with an instant fake
//    moderation, beside the identity gate (moderation off) in the same loop.
// 2. Timing: a fake upstream that sends a token every --interval ms and ends a sentence every 12
//    tokens, a fake moderation with --latency ms: moderation calls per story, hold-back per token
//    (push to release) p50/p99, and time to first word, each against the target.
import { createSafetyGate, type CheckTexts, type GateMode, type UnitVerdict } from "../lib/safety/gate.ts";
import { distribution } from "./stats.ts";

const percentile = (values: readonly number[], p: 50 | 90 | 99) => distribution(values)[`p${p}`];

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, "") ?? "", process.argv[i + 1] ?? "");
const STORIES = Number(args.get("stories") ?? 3);
const INTERVAL_MS = Number(args.get("interval") ?? 20);
const LATENCY_MS = Number(args.get("latency") ?? 150);
const WORDS = 500;
const SENTENCE_TOKENS = 12;

const VOCABULARY = ["the", "little", "fox", "found", "a", "glowing", "map", "under", "old", "oak", "tree", "and", "followed", "it", "past", "river", "to", "hill"];

/** A story of WORDS one-word tokens; every 12th ends its sentence. `leading`: " word" tokens as OpenAI's tokenizer sends them, else "word ". */
function storyTokens(leading: boolean): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < WORDS; i++) {
    let word = VOCABULARY[(i * 7) % VOCABULARY.length] ?? "word";
    if (i % SENTENCE_TOKENS === 0) word = word[0]?.toUpperCase() + word.slice(1);
    const ends = i % SENTENCE_TOKENS === SENTENCE_TOKENS - 1 || i === WORDS - 1;
    tokens.push(leading ? `${i === 0 ? "" : " "}${word}${ends ? "." : ""}` : `${word}${ends ? "." : ""}${i === WORDS - 1 ? "" : " "}`);
  }
  return tokens;
}

const safe = (texts: string[]): UnitVerdict[] => texts.map(() => ({ flagged: false }));
const instantCheck: CheckTexts = (texts) => Promise.resolve(safe(texts));

async function costPerToken(mode: GateMode, tokens: string[], stories: number): Promise<number> {
  let released = 0;
  const started = performance.now();
  for (let s = 0; s < stories; s++) {
    const gate = createSafetyGate({
      mode,
      language: "en",
      signal: new AbortController().signal,
      check: instantCheck,
      onRelease: (text) => (released += text.length),
      onFlag: () => {},
    });
    // A microtask between tokens, so verdicts interleave with pushes as they would on a socket.
    for (const token of tokens) {
      gate.push(token);
      await null;
    }
    await gate.finish();
  }
  const micros = ((performance.now() - started) * 1000) / (stories * tokens.length);
  if (released !== stories * tokens.join("").length) throw new Error("the gate lost text");
  return micros;
}

type TimingResult = { holdBacks: number[]; beyondSentence: number[]; firstWordMs: number; firstWordTargetMs: number; calls: number };

/** One story in real time: tokens on a fixed schedule, moderation answering after LATENCY_MS. */
async function timedStory(tokens: string[]): Promise<TimingResult> {
  const pushedAt: number[] = [];
  const endOffsets: number[] = [];
  let offset = 0;
  // A token counts as shown once its visible part is: a trailing space may travel with the next unit.
  for (const token of tokens) {
    endOffsets.push(offset + token.trimEnd().length);
    offset += token.length;
  }
  let releasedChars = 0;
  let releasedTokens = 0;
  const releasedAt: number[] = [];
  const check: CheckTexts = (texts) => new Promise((resolve) => setTimeout(() => resolve(safe(texts)), LATENCY_MS));
  const gate = createSafetyGate({
    mode: "hold",
    language: "en",
    signal: new AbortController().signal,
    check,
    onRelease: (text) => {
      releasedChars += text.length;
      const now = performance.now();
      while (releasedTokens < tokens.length && (endOffsets[releasedTokens] ?? Infinity) <= releasedChars) releasedAt[releasedTokens++] = now;
    },
    onFlag: () => {},
  });
  const start = performance.now();
  for (let i = 0; i < tokens.length; i++) {
    const wait = start + i * INTERVAL_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pushedAt[i] = performance.now();
    gate.push(tokens[i] ?? "");
  }
  await gate.finish();
  // A token's sentence is finished when the token that ends it (with ".") has been sent.
  const sentenceEnd = (i: number) => Math.min(tokens.length - 1, Math.floor(i / SENTENCE_TOKENS) * SENTENCE_TOKENS + SENTENCE_TOKENS - 1);
  const holdBacks = tokens.map((_, i) => (releasedAt[i] ?? NaN) - (pushedAt[i] ?? NaN));
  const beyondSentence = tokens.map((_, i) => (releasedAt[i] ?? NaN) - (pushedAt[sentenceEnd(i)] ?? NaN));
  const firstUnitTokens = tokens.findIndex((_, i) => (releasedAt[i] ?? Infinity) > (releasedAt[0] ?? 0));
  return {
    holdBacks,
    beyondSentence,
    firstWordMs: (releasedAt[0] ?? NaN) - (pushedAt[0] ?? NaN),
    // The first unit's tokens take (n - 1) intervals after the first; then one round trip + 20 ms.
    firstWordTargetMs: (firstUnitTokens - 1) * INTERVAL_MS + LATENCY_MS + 20,
    calls: gate.moderationCalls(),
  };
}

const fmt = (n: number) => n.toFixed(1);
const [load1] = (await import("node:os")).loadavg();
console.log(`# Safety gate benchmark (${new Date().toISOString()}, Node ${process.version}, load average ${load1?.toFixed(2)})\n`);

const trailing = storyTokens(false);
const leading = storyTokens(true);
const warm = Math.max(20, STORIES * 10);
await costPerToken("hold", trailing, warm);
await costPerToken("off", trailing, warm);
// Interleaved rounds, median of each: a loaded machine slows whole stretches, not one variant.
const costStories = 40;
const rounds = 7;
const samples = { off: [] as number[], hold: [] as number[], holdLeading: [] as number[] };
for (let round = 0; round < rounds; round++) {
  samples.off.push(await costPerToken("off", trailing, costStories));
  samples.hold.push(await costPerToken("hold", trailing, costStories));
  samples.holdLeading.push(await costPerToken("hold", leading, costStories));
}
const off = percentile(samples.off, 50);
const hold = percentile(samples.hold, 50);
const holdLeading = percentile(samples.holdLeading, 50);
console.log(`## Cost (median of ${rounds} interleaved rounds of ${costStories} stories of ${WORDS} tokens, instant moderation)\n`);
console.log("| gate | µs per token | added over off |\n| --- | --- | --- |");
console.log(`| off (identity, baseline) | ${off.toFixed(3)} | - |`);
console.log(`| hold, "word " tokens | ${hold.toFixed(3)} | ${(hold - off).toFixed(3)} |`);
console.log(`| hold, " word" tokens | ${holdLeading.toFixed(3)} | ${(holdLeading - off).toFixed(3)} |\n`);

for (const [name, tokens] of [["\"word \" tokens (trailing space)", trailing], ["\" word\" tokens (leading space, as OpenAI's tokenizer)", leading]] as const) {
  const runs: TimingResult[] = [];
  for (let s = 0; s < STORIES; s++) runs.push(await timedStory([...tokens]));
  const holdBacks = runs.flatMap((run) => run.holdBacks);
  const beyond = runs.flatMap((run) => run.beyondSentence);
  const firstWord = runs.map((run) => run.firstWordMs);
  const firstWordTarget = runs.map((run) => run.firstWordTargetMs);
  console.log(`## Timing: ${name}, a token every ${INTERVAL_MS} ms, a sentence every ${SENTENCE_TOKENS} tokens, moderation ${LATENCY_MS} ms, ${STORIES} stories of ${WORDS} words\n`);
  console.log("| figure | p50 | p99 | target |\n| --- | --- | --- | --- |");
  console.log(`| hold-back per token (push to release), ms | ${fmt(percentile(holdBacks, 50))} | ${fmt(percentile(holdBacks, 99))} | - |`);
  console.log(
    `| hold-back beyond the end of the token's sentence, ms | ${fmt(percentile(beyond, 50))} | ${fmt(percentile(beyond, 99))} | p50 <= ${LATENCY_MS} + 10 = ${LATENCY_MS + 10} |`,
  );
  console.log(`| time to first word, ms | ${fmt(percentile(firstWord, 50))} | ${fmt(Math.max(...firstWord))} (max) | <= ${fmt(percentile(firstWordTarget, 50))} |`);
  console.log(`| moderation calls per story (gate) | ${percentile(runs.map((run) => run.calls), 50)} | - | - |\n`);
}
console.log("Each story also has one call for the request's fields and one full-text check before saving.");
