import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { APICallError } from "@ai-sdk/provider";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { ModelFinish, ModelRequest, ModelSource, TextSink } from "./model-source.ts";

// The hot path of a story: node:http straight to the Chat Completions stream, parsed with
// eventsource-parser's synchronous callbacks. Measured against streamText and the provider's
// doStream over fetch (bench/stages.ts): no Web Streams, promise or zod parse per token.

const agents = { "http:": new HttpAgent({ keepAlive: true }), "https:": new HttpsAgent({ keepAlive: true }) };

type ChatChunk = {
  error?: { message?: string };
  choices?: Array<{ delta?: { content?: string | null; refusal?: string | null } | null; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
};

export class ModelStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelStreamError";
  }
}

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    res.setEncoding("utf8");
    res.on("data", (part: string) => (text += part));
    res.on("end", () => resolve(text));
    res.on("error", reject);
  });
}

function errorMessage(body: string, status: number): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const error: unknown = typeof parsed === "object" && parsed !== null ? Reflect.get(parsed, "error") : undefined;
    const message: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "message") : undefined;
    if (typeof message === "string" && message !== "") return message;
  } catch {
    // not JSON: fall through to the status line
  }
  return `HTTP ${status}`;
}

function retryDelayMs(headers: Record<string, string> | undefined, attempt: number): number {
  const backOff = 2000 * 2 ** attempt;
  const milliseconds = Number(headers?.["retry-after-ms"] ?? Number.NaN);
  const seconds = Number(headers?.["retry-after"] ?? Number.NaN) * 1000;
  const asked = Number.isFinite(milliseconds) ? milliseconds : seconds;
  return Number.isFinite(asked) && asked >= 0 && asked <= 60_000 ? asked : backOff;
}

function headerRecord(res: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") headers[name] = value;
  return headers;
}

/** A streaming Chat Completions source for any OpenAI-compatible server. */
export function chatCompletionsSource({ baseURL, apiKey, model }: { baseURL: string; apiKey: string; model: string }): ModelSource {
  const url = new URL(`${baseURL.replace(/\/+$/, "")}/chat/completions`);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const agent = url.protocol === "https:" ? agents["https:"] : agents["http:"];

  function open(body: string, requestBody: object, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = send(url, {
        method: "POST",
        agent,
        signal,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          Accept: "text/event-stream",
          Authorization: `Bearer ${apiKey}`,
        },
      });
      req.on("error", (error) => reject(signal.aborted ? signal.reason : new APICallError({ message: `Cannot connect to the model: ${error.message}`, url: url.href, requestBodyValues: requestBody, cause: error, isRetryable: true })));
      req.on("response", (res) => {
        const status = res.statusCode ?? 0;
        if (status === 200) {
          resolve(res);
          return;
        }
        readAll(res).then(
          (text) => reject(new APICallError({ message: errorMessage(text, status), url: url.href, requestBodyValues: requestBody, statusCode: status, responseHeaders: headerRecord(res), responseBody: text, isRetryable: RETRYABLE_STATUS(status) })),
          reject,
        );
      });
      req.end(body);
    });
  }

  return async ({ system, prompt, maxOutputTokens, temperature, maxRetries, signal }: ModelRequest, sink: TextSink): Promise<ModelFinish> => {
    const requestBody = {
      model,
      messages: [
        { role: "system", content: system },
        { role: "user", content: prompt },
      ],
      max_tokens: maxOutputTokens,
      temperature,
      stream: true,
      stream_options: { include_usage: true },
    };
    const body = JSON.stringify(requestBody);
    let res: IncomingMessage | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        res = await open(body, requestBody, signal);
        break;
      } catch (error) {
        // Like the SDK: retry a retryable failure before any text, after the server's Retry-After
        // when it gives a sane one, else with exponential back-off from 2 s.
        if (signal.aborted || attempt >= maxRetries || !(APICallError.isInstance(error) && error.isRetryable)) throw error;
        await sleep(retryDelayMs(error.responseHeaders, attempt), undefined, { signal });
      }
    }
    return readStream(res, sink, signal);
  };
}

function readStream(res: IncomingMessage, sink: TextSink, signal: AbortSignal): Promise<ModelFinish> {
  return new Promise((resolve, reject) => {
    const finish: ModelFinish = { finishReason: undefined, usage: {} };
    let settled = false;
    let pending = "";
    let failure: Error | undefined;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      if (error !== undefined) {
        res.destroy();
        reject(error);
      } else resolve(finish);
    };
    const onAbort = () => settle(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });

    const onEvent = ({ data }: EventSourceMessage) => {
      if (failure || data === "[DONE]") return;
      let chunk: ChatChunk;
      try {
        chunk = JSON.parse(data);
      } catch {
        failure = new ModelStreamError("the model sent a malformed chunk");
        return;
      }
      if (chunk.error) {
        failure = new ModelStreamError(`the model reported an error: ${chunk.error.message ?? "unknown"}`);
        return;
      }
      const choice = chunk.choices?.[0];
      const text = choice?.delta?.content ?? choice?.delta?.refusal;
      if (text) pending += text;
      if (choice?.finish_reason) finish.finishReason = choice.finish_reason;
      if (chunk.usage) finish.usage = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
    };
    const parser = createParser({ onEvent });

    res.setEncoding("utf8");
    res.on("data", (text: string) => {
      if (settled) return;
      parser.feed(text);
      // Everything this read carried goes out as one piece: one event, one write.
      if (pending !== "") {
        const piece = pending;
        pending = "";
        sink.write(piece);
      }
      if (failure) {
        settle(failure);
        return;
      }
      const wait = sink.ready();
      if (wait) {
        res.pause();
        void wait.then(() => res.resume());
      }
    });
    res.on("end", () => settle());
    // A connection dropped mid-story ends without `end`.
    res.on("close", () => settle(signal.aborted ? signal.reason : res.complete ? undefined : new ModelStreamError("the connection to the model was lost")));
    res.on("error", (error) => settle(signal.aborted ? signal.reason : error));
  });
}
