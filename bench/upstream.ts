// A process of its own: an OpenAI-compatible server. Chat Completions streams tokens on a fixed
// schedule and stamps each token with its send time, `t=<epoch ms> `, so a client on this machine
// computes receive-minus-send per event. The schedule comes from a marker anywhere in the prompt
// (the story idea), `bench:<tokens>:<intervalMs>[:<sentenceEvery>]`, so one upstream serves every
// phase; with sentenceEvery, every that many tokens ends a sentence. Moderations answer after
// MODERATION_LATENCY_MS with one unflagged result per input; GET /stats counts the calls.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MODERATION_LATENCY_MS = Number(process.env.MODERATION_LATENCY_MS ?? 150);
const stats = { open: 0, tokensSent: 0, moderationCalls: 0, moderationInputs: 0 };

function frame(fields: object): string {
  return `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 0, model: "bench", ...fields })}\n\n`;
}

function parseSchedule(body: string): { tokens: number; intervalMs: number; sentenceEvery: number } {
  const match = /bench:(\d+):(\d+)(?::(\d+))?/.exec(body);
  const tokens = Math.min(Number(match?.[1] ?? 40), 50_000);
  const intervalMs = Math.min(Number(match?.[2] ?? 50), 10_000);
  return { tokens, intervalMs, sentenceEvery: Number(match?.[3] ?? 0) };
}

async function stream(res: ServerResponse, { tokens, intervalMs, sentenceEvery }: ReturnType<typeof parseSchedule>): Promise<void> {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
  res.write(frame({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }));
  // A fixed schedule: token i goes out at start + i * interval, whatever the previous write cost.
  const start = performance.now();
  for (let i = 0; i < tokens; i++) {
    if (res.destroyed) return;
    const due = start + (i + 1) * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else if (intervalMs === 0 && i % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
    if (res.destroyed) return;
    const endsSentence = sentenceEvery > 0 && (i + 1) % sentenceEvery === 0;
    res.write(frame({ choices: [{ index: 0, delta: { content: `t=${now().toFixed(3)} ${endsSentence ? "end. " : ""}` }, finish_reason: null }] }));
    stats.tokensSent++;
  }
  res.write(frame({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
  res.write(frame({ choices: [], usage: { prompt_tokens: 42, completion_tokens: tokens, total_tokens: 42 + tokens } }));
  res.end("data: [DONE]\n\n");
}

async function moderate(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = "";
  for await (const part of req) raw += String(part);
  const body: { input?: string | string[] } = JSON.parse(raw);
  const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ""];
  stats.moderationCalls++;
  stats.moderationInputs += inputs.length;
  await sleep(MODERATION_LATENCY_MS);
  const results = inputs.map(() => ({ flagged: false, categories: {}, category_scores: {} }));
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ id: "modr-bench", model: "omni-moderation-latest", results }));
}

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(stats));
    return;
  }
  if (req.method === "POST" && req.url?.endsWith("/moderations")) {
    moderate(req, res).catch(() => res.destroy());
    return;
  }
  if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
    res.writeHead(404).end();
    return;
  }
  stats.open++;
  res.on("close", () => stats.open--);
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", (part: string) => (raw += part));
  req.on("end", () => {
    stream(res, parseSchedule(raw)).catch(() => res.destroy());
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ listening: address && typeof address !== "string" ? address.port : 0 })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
