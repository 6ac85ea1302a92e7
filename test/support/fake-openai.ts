import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { countTokens } from "gpt-tokenizer";
import { MEMORY_SYSTEM_PREFIX } from "../../lib/series/policy.ts";

/**
 * An OpenAI-wire-compatible Chat Completions server for tests: the real `ai` SDK talks to it
 * over real HTTP. The behaviour is chosen by a `scenario:<name>` marker anywhere in the prompt
 * (tests put it in the story idea), so parallel requests can each script their own upstream.
 */
export type Scenario =
  | "story" // a short story in 8 chunks, including non-ASCII text
  | "slow" // the same story, 200 ms between chunks
  | "long" // 60 chunks, 100 ms apart
  | "echo" // streams back the system and user messages it was sent
  | "chapter" // a 5-paragraph story of about 400 words, like a real chapter for an 8-year-old
  | "fail-500"
  | "fail-once" // HTTP 500 the first time a prompt is seen, then the slow story for the same prompt
  | "rate-429"
  | "malformed" // a chunk that is not JSON
  | "drop-mid" // two chunks, then the connection is reset
  | "usage-no-choices" // the story, with a last (usage) chunk that has no `choices` at all, as some servers send it
  | "error-mid" // one chunk, then an error object in the stream (as OpenAI reports an overload mid-story)
  | "hang-first" // headers, then nothing
  | "hang-mid" // two chunks, then nothing
  | "length" // finishes with finish_reason "length"
  | "unsafe-output" // a story the moderation endpoint flags
  | "unsafe-midway" // four safe sentences, then one the moderation endpoint flags, then more, 100 ms apart
  | "moderation-down-output" // a story whose moderation request fails
  | "scripted"; // the chunks a test registered with `script()`, marked `script:<id>` in the prompt

export const STORY_CHUNKS = [
  "Once upon a time, ",
  "a brave little fox ",
  "named Élodie 🦊 ",
  "found a glowing map.\n\n",
  "She followed it ",
  "through the whispering trees ",
  "to a lake of stars ✨, ",
  "and everyone cheered. The end.",
];

/** STORY_CHUNKS as the safety gate releases them: a short first clause, then sentences, each cut before the space that follows it. */
export const STORY_UNITS = [
  "Once upon a time,",
  " a brave little fox named Élodie 🦊 found a glowing map.",
  "\n\nShe followed it through the whispering trees to a lake of stars ✨, and everyone cheered.",
  " The end.",
];

/** The "unsafe-midway" story: the first two sentences are safe, the third is flagged. */
export const UNSAFE_MIDWAY_SAFE_TEXT = "Once upon a time, a little owl learned to fly. She flew over the hills. ";
export const UNSAFE_MIDWAY_CHUNKS = [
  "Once upon a time, ",
  "a little owl ",
  "learned to fly. ",
  "She flew over the hills. ",
  "Then something ",
  "FLAGGED_CONTENT happened ", // FLAGGED_MARKER (declared below)
  "in the woods. ",
  ...Array.from({ length: 20 }, (_, i) => `More story ${i}. `),
];

export type RecordedRequest = {
  scenario: Scenario;
  body: ChatRequest;
  messagesText: string;
  /** The prompt's size in GPT-4o tokens (o200k_base), which the usage chunk reports to the app. */
  promptTokens: number;
  receivedAt: number;
  /** When the HTTP exchange closed (Date.now()), by either side; undefined while open. */
  closedAt?: number;
};

type ChatRequest = {
  model?: string;
  stream?: boolean;
  messages?: Array<{ role: string; content: unknown }>;
  stream_options?: { include_usage?: boolean };
};

/** One call to /v1/moderations: its inputs, and when it arrived and was answered (Date.now()). */
export type RecordedModeration = { inputs: string[]; receivedAt: number; answeredAt?: number; status?: number };

/** How the fake answers one moderation call; anything left out comes from the markers in the inputs. */
export type ModerationReply = {
  delayMs?: number;
  status?: number;
  /** Category scores per input, merged over the defaults. */
  scores?: Array<Record<string, number>>;
  /** Answer 200 with a body that is not a moderation response. */
  malformed?: boolean;
};

export type FakeModeration = {
  /** Latency of every answer unless a reply says otherwise. */
  latencyMs: number;
  /** Scripts one answer from its inputs (return undefined for the default); tests in one file share it. */
  reply?: (inputs: string[]) => ModerationReply | undefined;
};

export type FakeOpenAI = {
  baseURL: string;
  /** Story requests: every chat request but the series-memory ones. */
  requests: RecordedRequest[];
  /** Series-memory requests (chapter summaries and folds), answered with a summary of the asked length. */
  memoryRequests: RecordedRequest[];
  moderationInputs: string[][];
  moderationRequests: RecordedModeration[];
  moderation: FakeModeration;
  /** Chat requests whose HTTP exchange is still open (the app has not closed them). */
  openRequests: () => number;
  requestsFor: (marker: string) => RecordedRequest[];
  /** Registers chunks for the "scripted" scenario (`delayMs` before each); put the returned marker in the prompt. */
  script: (chunks: readonly string[], options?: { delayMs?: number }) => string;
  close: () => Promise<void>;
};

const SCENARIOS: readonly Scenario[] = [
  "story", "slow", "long", "echo", "chapter", "fail-500", "fail-once", "rate-429", "malformed", "usage-no-choices", "error-mid", "drop-mid", "hang-first", "hang-mid", "length",
  "unsafe-output", "unsafe-midway", "moderation-down-output", "scripted",
];

/** Text the fake moderation endpoint flags, or answers with a 500 for, or with a malformed body. */
export const FLAGGED_MARKER = "FLAGGED_CONTENT";
export const MODERATION_DOWN_MARKER = "MODERATION_DOWN";
/** A chapter containing this gets a summary that moderation flags. */
export const FLAGGED_SUMMARY_MARKER = "summary-gets-flagged";
/** A chapter containing this gets a summary that scores violence 0.6: over the children's threshold, under the endpoint's flag. */
export const VIOLENT_SCORE_SUMMARY_MARKER = "summary-scores-violent";
/** A chapter containing this gets no summary the first time it is asked for (HTTP 500), then one. */
export const SUMMARY_DOWN_ONCE_MARKER = "summary-down-once";
/** A chapter containing this gets its summary after 2 s. */
export const SLOW_SUMMARY_MARKER = "summary-is-slow";

const CHAPTER_PARAGRAPH = (n: number) =>
  `Paragraph ${n}: the friends walked on through the quiet valley, talking about the lanterns they had seen, ` +
  "the river that sang at night and the old map that still had a corner nobody could read. They shared apples, " +
  "counted clouds shaped like boats, and helped a lost hedgehog find the way back to its cosy burrow under the roots. " +
  "When the wind turned cool they wrapped their scarves tighter and promised to keep going until they found the answer.";
export const CHAPTER_PARAGRAPHS = [1, 2, 3, 4, 5].map((n) => `${CHAPTER_PARAGRAPH(n)}${n < 5 ? "\n\n" : ""}`);
export const MODERATION_MALFORMED_MARKER = "MODERATION_MALFORMED";
/** `SCORE:violence=0.6` in a text: that score, without the endpoint's own flag. */
const SCORE_MARKER = /SCORE:([a-z/-]+)=([0-9.]+)/g;

/** All of omni-moderation's categories, each with a harmless score by default. */
const MODERATION_CATEGORIES = [
  "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent", "self-harm",
  "self-harm/intent", "self-harm/instructions", "sexual", "sexual/minors", "violence", "violence/graphic",
];

function messagesText(body: ChatRequest): string {
  return (body.messages ?? [])
    .map((message) =>
      typeof message.content === "string"
        ? message.content
        : Array.isArray(message.content)
          ? message.content.map((part: { text?: string }) => part.text ?? "").join("")
          : "",
    )
    .join("\n");
}

function pickScenario(text: string): Scenario {
  const match = /scenario:([a-z0-9-]+)/.exec(text);
  const name = match?.[1];
  return SCENARIOS.find((scenario) => scenario === name) ?? "story";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A memory request's answer: as many words as its instructions allow (the worst case for prompt
 * size), the last words of what it summarises, so hostile text in a chapter reaches its summary.
 */
function memoryAnswer(body: ChatRequest): string[] {
  const [system = "", user = ""] = (body.messages ?? []).map((message) => (typeof message.content === "string" ? message.content : ""));
  const limit = Number(/at most (\d+)/.exec(system)?.[1] ?? 60);
  const words = user.replace(/<\/?(chapter|series_memory)>/g, " ").split(/\s+/).filter(Boolean);
  const taken = words.slice(-(limit - 1));
  while (taken.length < limit - 1) taken.unshift("and");
  const out = ["Recap:", ...taken];
  if (user.includes(FLAGGED_SUMMARY_MARKER)) out.push(FLAGGED_MARKER);
  if (user.includes(VIOLENT_SCORE_SUMMARY_MARKER)) out.push("SCORE:violence=0.6");
  return [out.join(" ")];
}

function frame(model: string, fields: { choices?: object[]; usage?: object }): string {
  const payload = { id: "chatcmpl-test", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, ...fields };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function chunk(model: string, delta: Record<string, unknown>, finishReason: string | null = null): string {
  return frame(model, { choices: [{ index: 0, delta, finish_reason: finishReason }] });
}

async function streamChunks(
  res: ServerResponse,
  model: string,
  pieces: string[],
  delayMs: number,
  finishReason = "stop",
  promptTokens = 42,
  { usageChoices = true }: { usageChoices?: boolean } = {},
): Promise<void> {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
  res.write(chunk(model, { role: "assistant", content: "" }));
  for (const piece of pieces) {
    if (res.destroyed) return;
    if (delayMs > 0) await sleep(delayMs);
    res.write(chunk(model, { content: piece }));
  }
  res.write(chunk(model, {}, finishReason));
  const usage = { prompt_tokens: promptTokens, completion_tokens: pieces.length, total_tokens: promptTokens + pieces.length };
  res.write(frame(model, usageChoices ? { choices: [], usage } : { usage }));
  res.end("data: [DONE]\n\n");
}

/** A non-streaming Chat Completions answer (`generateText`). */
function completeAtOnce(res: ServerResponse, model: string, text: string, promptTokens: number): void {
  const completionTokens = countTokens(text);
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(
    JSON.stringify({
      id: "chatcmpl-test",
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    }),
  );
}

function moderationResult(text: string, overrides: Record<string, number> = {}) {
  const flagged = text.includes(FLAGGED_MARKER);
  const scores: Record<string, number> = Object.fromEntries(MODERATION_CATEGORIES.map((category) => [category, 0.001]));
  if (flagged) scores.violence = 0.98;
  for (const [, category = "", score] of text.matchAll(SCORE_MARKER)) scores[category] = Number(score);
  Object.assign(scores, overrides);
  const categories = Object.fromEntries(MODERATION_CATEGORIES.map((category) => [category, flagged && category === "violence"]));
  return { flagged, categories, category_scores: scores };
}

async function handleModeration(req: IncomingMessage, res: ServerResponse, recorded: string[][], calls: RecordedModeration[], settings: FakeModeration): Promise<void> {
  let raw = "";
  for await (const part of req) raw += String(part);
  const body: { input?: string | string[] } = JSON.parse(raw);
  const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ""];
  recorded.push(inputs);
  const call: RecordedModeration = { inputs, receivedAt: Date.now() };
  calls.push(call);
  const reply = settings.reply?.(inputs) ?? {};
  const delayMs = reply.delayMs ?? settings.latencyMs;
  if (delayMs > 0) await sleep(delayMs);
  if (res.destroyed) return;
  const answer = (status: number, payload: unknown) => {
    call.answeredAt = Date.now();
    call.status = status;
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(payload));
  };
  if (reply.status !== undefined && reply.status >= 400) return answer(reply.status, { error: { message: "moderation failed", type: "server_error" } });
  if (inputs.some((text) => text.includes(MODERATION_DOWN_MARKER))) return answer(500, { error: { message: "moderation is down", type: "server_error" } });
  if (reply.malformed || inputs.some((text) => text.includes(MODERATION_MALFORMED_MARKER))) return answer(200, { id: "modr-test", results: "not a list" });
  const results = inputs.map((text, index) => moderationResult(text, reply.scores?.[index]));
  return answer(200, { id: "modr-test", model: "omni-moderation-latest", results });
}

function failWith500(res: ServerResponse): void {
  res.writeHead(500, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ error: { message: "The server had an error", type: "server_error" } }));
}

type Script = { chunks: readonly string[]; delayMs: number };

async function handleChat(
  req: IncomingMessage,
  res: ServerResponse,
  recorded: RecordedRequest[],
  memoryRecorded: RecordedRequest[],
  scripts: Map<string, Script>,
): Promise<void> {
  let raw = "";
  for await (const part of req) raw += String(part);
  const body: ChatRequest = JSON.parse(raw);
  const text = messagesText(body);
  const promptTokens = countTokens(text);
  if (text.startsWith(MEMORY_SYSTEM_PREFIX)) {
    memoryRecorded.push({ scenario: "story", body, messagesText: text, promptTokens, receivedAt: Date.now() });
    const asked = memoryRecorded.filter((request) => request.messagesText === text).length;
    if (text.includes(SUMMARY_DOWN_ONCE_MARKER) && asked === 1) return failWith500(res);
    if (text.includes(SLOW_SUMMARY_MARKER)) await sleep(2000);
    const answer = memoryAnswer(body);
    if (body.stream) return streamChunks(res, body.model ?? "test-model", answer, 0, "stop", promptTokens);
    return completeAtOnce(res, body.model ?? "test-model", answer.join(""), promptTokens);
  }
  const scenario = pickScenario(text);
  const record: RecordedRequest = { scenario, body, messagesText: text, promptTokens, receivedAt: Date.now() };
  recorded.push(record);
  if (res.closed) record.closedAt = Date.now();
  else res.once("close", () => (record.closedAt = Date.now()));
  const model = body.model ?? "test-model";

  switch (scenario) {
    case "scripted": {
      const id = /script:([a-z0-9]+)/.exec(text)?.[1] ?? "";
      const script = scripts.get(id);
      return streamChunks(res, model, [...(script?.chunks ?? [])], script?.delayMs ?? 0);
    }
    case "story":
      return streamChunks(res, model, STORY_CHUNKS, 5);
    case "chapter":
      return streamChunks(res, model, CHAPTER_PARAGRAPHS, 0, "stop", promptTokens);
    case "slow":
      return streamChunks(res, model, STORY_CHUNKS, 200);
    case "long":
      return streamChunks(res, model, Array.from({ length: 60 }, (_, i) => `word${i} `), 100);
    case "length":
      return streamChunks(res, model, STORY_CHUNKS, 5, "length");
    case "unsafe-output":
      return streamChunks(res, model, ["Once upon a time ", `something ${FLAGGED_MARKER} happened.`], 5);
    case "unsafe-midway":
      return streamChunks(res, model, UNSAFE_MIDWAY_CHUNKS, 100);
    case "moderation-down-output":
      return streamChunks(res, model, ["Once upon a time ", `a ${MODERATION_DOWN_MARKER} story.`], 5);
    case "echo":
      return streamChunks(res, model, text.match(/[\s\S]{1,40}/g) ?? [], 0, "stop", promptTokens);
    case "fail-500":
      return failWith500(res);
    case "fail-once":
      // Keyed on the whole prompt, so a retry of the same request succeeds.
      if (recorded.filter((request) => request.messagesText === text).length === 1) return failWith500(res);
      return streamChunks(res, model, STORY_CHUNKS, 200);
    case "rate-429":
      res.writeHead(429, { "Content-Type": "application/json", "Retry-After": "1" });
      res.end(JSON.stringify({ error: { message: "Rate limit reached", type: "rate_limit_error" } }));
      return;
    case "malformed":
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write(chunk(model, { role: "assistant", content: "Once " }));
      res.write("data: {this is not json\n\n");
      await sleep(20);
      res.end("data: [DONE]\n\n");
      return;
    case "usage-no-choices":
      return streamChunks(res, model, STORY_CHUNKS, 5, "stop", 42, { usageChoices: false });
    case "error-mid":
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write(chunk(model, { role: "assistant", content: "Once " }));
      res.end(`data: ${JSON.stringify({ error: { message: "The model is overloaded", type: "server_error" } })}\n\n`);
      return;
    case "drop-mid":
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write(chunk(model, { role: "assistant", content: "Once upon " }));
      res.write(chunk(model, { content: "a time" }));
      await sleep(50);
      res.socket?.destroy();
      return;
    case "hang-first":
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.flushHeaders();
      return; // never writes: the app's first-token time-out must end it
    case "hang-mid":
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write(chunk(model, { role: "assistant", content: "Once upon " }));
      res.write(chunk(model, { content: "a time" }));
      return; // the app's idle time-out must end it
  }
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const memoryRequests: RecordedRequest[] = [];
  const moderationInputs: string[][] = [];
  const moderationRequests: RecordedModeration[] = [];
  const moderation: FakeModeration = { latencyMs: 0 };
  const scripts = new Map<string, Script>();
  let scriptCounter = 0;
  const sockets = new Set<Socket>();
  let open = 0;
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/v1/chat/completions") {
      open++;
      res.on("close", () => open--);
      handleChat(req, res, requests, memoryRequests, scripts).catch(() => res.destroy());
      return;
    }
    if (req.method === "POST" && req.url === "/v1/moderations") {
      handleModeration(req, res, moderationInputs, moderationRequests, moderation).catch(() => res.destroy());
      return;
    }
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: { message: `No route ${req.method} ${req.url}` } }));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake OpenAI server has no TCP address");
  const { port } = address;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    memoryRequests,
    moderationInputs,
    moderationRequests,
    moderation,
    openRequests: () => open,
    requestsFor: (marker) => requests.filter((request) => request.messagesText.includes(marker)),
    script: (chunks, { delayMs = 0 } = {}) => {
      const id = `s${(scriptCounter++).toString(36)}x${Math.random().toString(36).slice(2, 8)}`;
      scripts.set(id, { chunks, delayMs });
      return `scenario:scripted script:${id}`;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
