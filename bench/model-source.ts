// The model source alone, in one process, no Next.js:
// `node bench/model-source.ts [--stories 400] [--tokens 100] [--concurrency 50] [--interval 0] [--rounds 3]`.
//
// Streams the same stories from bench/upstream.ts (its own process, so its CPU is not counted)
// through each way of reading Chat Completions, and prints this process's CPU per token for each,
// the raw node:http reader (what the relay does) first as the floor. Rounds alternate the readers
// so the machine's load falls on all of them alike.
import { request } from "node:http";
import { createOpenAI } from "@ai-sdk/openai";
import { streamText } from "ai";
import OpenAI from "openai";
import { chatCompletionsSource } from "../lib/ai/chat-completions.ts";
import { languageModelSource, type ModelRequest, type ModelSource, type TextSink } from "../lib/ai/model-source.ts";
import { killAll, startScript } from "./servers.ts";
import { table } from "./stats.ts";
import { option } from "./args.ts";
import { nodeHttpFetch } from "./node-http-fetch.ts";

const STORIES = Number(option("--stories") ?? 400);
const TOKENS = Number(option("--tokens") ?? 100);
const CONCURRENCY = Number(option("--concurrency") ?? 50);
const ROUNDS = Number(option("--rounds") ?? 3);
const INTERVAL_MS = Number(option("--interval") ?? 0);

/** The relay's reader: node:http, split on blank lines, JSON.parse, no SDK. */
function rawSource(baseURL: string): ModelSource {
  const url = new URL(`${baseURL}/chat/completions`);
  return ({ prompt, signal }, sink) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ model: "bench", stream: true, messages: [{ role: "user", content: prompt }] });
      const req = request(url, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }, signal });
      req.on("error", reject);
      req.on("response", (res) => {
        let buffer = "";
        res.setEncoding("utf8");
        res.on("data", (text: string) => {
          buffer += text;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) !== -1) {
            const data = buffer.slice(6, end);
            buffer = buffer.slice(end + 2);
            if (data === "[DONE]") return;
            const chunk: { choices?: Array<{ delta?: { content?: string } }> } = JSON.parse(data);
            const piece = chunk.choices?.[0]?.delta?.content;
            if (piece) sink.write(piece);
          }
        });
        res.on("end", () => resolve({ finishReason: "stop", usage: {} }));
      });
      req.end(body);
    });
}

/** streamText's text stream, the SDK's full layering. */
function streamTextSource(baseURL: string): ModelSource {
  const model = createOpenAI({ baseURL, apiKey: "bench", fetch: nodeHttpFetch }).chat("bench");
  return async ({ system, prompt, maxOutputTokens, signal }, sink) => {
    const result = streamText({ model, system, prompt, maxOutputTokens, abortSignal: signal });
    for await (const piece of result.textStream) sink.write(piece);
    return { finishReason: await result.finishReason, usage: {} };
  };
}

/** The `openai` client's own request and iterator over a node:http fetch: the app's source in round 8. */
function openaiClientSource(baseURL: string): ModelSource {
  const client = new OpenAI({ apiKey: "bench", baseURL, fetch: nodeHttpFetch, maxRetries: 0, logLevel: "off", organization: null, project: null });
  return async ({ system, prompt, maxOutputTokens, temperature, signal }, sink) => {
    const messages = [
      { role: "system" as const, content: system },
      { role: "user" as const, content: prompt },
    ];
    const stream = await client.chat.completions.create({ model: "bench", messages, max_tokens: maxOutputTokens, temperature, stream: true }, { signal });
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta?.content;
      if (piece) sink.write(piece);
    }
    return { finishReason: "stop", usage: {} };
  };
}

const sources: Record<string, (baseURL: string) => ModelSource> = {
  "raw node:http (floor)": rawSource,
  "node:http request, openai SDK's Stream (the app's source)": (baseURL) => chatCompletionsSource({ baseURL, apiKey: "bench", model: "bench" }),
  "openai client's request and iterator, node:http fetch (round 8)": openaiClientSource,
  "@ai-sdk/openai doStream, node:http fetch": (baseURL) => languageModelSource(createOpenAI({ baseURL, apiKey: "bench", fetch: nodeHttpFetch }).chat("bench")),
  "@ai-sdk/openai doStream, global fetch": (baseURL) => languageModelSource(createOpenAI({ baseURL, apiKey: "bench" }).chat("bench")),
  "ai streamText, node:http fetch": streamTextSource,
};

async function run(source: ModelSource): Promise<{ tokens: number; cpuMicros: number }> {
  let tokens = 0;
  const sink: TextSink = { write: (text) => void (text !== "" && tokens++), ready: () => undefined };
  const request = (): ModelRequest => ({
    system: "bench",
    prompt: `bench:${TOKENS}:${INTERVAL_MS}`,
    maxOutputTokens: TOKENS * 4,
    temperature: 0.8,
    maxRetries: 0,
    signal: new AbortController().signal,
  });
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < STORIES) await source(request(), sink);
    }),
  );
  const used = process.cpuUsage(before);
  return { tokens, cpuMicros: used.user + used.system };
}

const upstream = await startScript("upstream.ts", {});
try {
  const baseURL = `${upstream.url}/v1`;
  const built = Object.entries(sources).map(([name, make]) => ({ name, source: make(baseURL), samples: [] as number[] }));
  for (const { source } of built) await run(source); // warm-up: JIT and keep-alive sockets
  for (let round = 0; round < ROUNDS; round++) {
    for (const entry of built) {
      const { tokens, cpuMicros } = await run(entry.source);
      if (tokens !== STORIES * TOKENS) throw new Error(`${entry.name}: ${tokens} tokens, expected ${STORIES * TOKENS}`);
      entry.samples.push(cpuMicros / tokens);
    }
  }
  const floor = Math.min(...(built[0]?.samples ?? [Number.NaN]));
  console.log(`${STORIES} stories of ${TOKENS} tokens ${INTERVAL_MS} ms apart, ${CONCURRENCY} at a time, best of ${ROUNDS} rounds; Node ${process.version}\n`);
  console.log(
    table(
      ["reader", "CPU per token (best)", "rounds", "x floor"],
      built.map(({ name, samples }) => {
        const best = Math.min(...samples);
        return [name, `${best.toFixed(2)} µs`, samples.map((value) => value.toFixed(1)).join(" / "), `${(best / floor).toFixed(2)}x`];
      }),
    ),
  );
} finally {
  await upstream.stop();
  killAll();
}
