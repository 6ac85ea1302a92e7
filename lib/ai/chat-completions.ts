import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { APICallError } from "@ai-sdk/provider";
import OpenAI, { APIConnectionError, APIError } from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { Stream } from "openai/streaming";
import { ModelStreamError, streamPartError, withRetries, type ModelFinish, type ModelSource } from "./model-source.ts";

// The request is ours, on node:http with keep-alive sockets; the `openai` SDK reads the stream
// (its SSE decoder, one JSON.parse per chunk, an error object in the stream becomes its APIError)
// and names the failures (APIError.generate). Its client's request path (header building, its
// debug log's details, a Response and a Web stream per call) cost a quarter of a short story's
// CPU; undici's fetch cost milliseconds per event under load: bench/README.md, rounds 8 and 9.

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** How much of an error response is read for its message. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** Node's parsed response headers as a fetch `Headers` (repeated headers appended). */
export function fetchHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string") result.set(name, value);
    else if (Array.isArray(value)) for (const item of value) result.append(name, item);
  }
  return result;
}

async function readErrorBody(res: IncomingMessage): Promise<string> {
  let text = "";
  res.setEncoding("utf8");
  for await (const part of res) {
    text += part;
    if (text.length >= ERROR_BODY_LIMIT) {
      res.destroy();
      break;
    }
  }
  return text;
}

/** The SDK's error for an HTTP failure, from its status, headers and body (as its own client builds it). */
async function statusError(res: IncomingMessage): Promise<APIError> {
  const text = await readErrorBody(res).catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const status = res.statusCode ?? 502;
  return APIError.generate(status, body as object | undefined, body === undefined ? text || undefined : undefined, fetchHeaders(res.headers));
}

/** POSTs a streaming request: the response once its status is 2xx, else the SDK's APIError or APIConnectionError. */
function postStreaming(url: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const isHttps = url.protocol === "https:";
    const req = (isHttps ? httpsRequest : httpRequest)(url, {
      method: "POST",
      agent: isHttps ? agents.https : agents.http,
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      signal,
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 502;
      if (status >= 200 && status < 300) resolve(res);
      else void statusError(res).then(reject);
    });
    req.on("error", (error) => reject(signal.aborted ? signal.reason : new APIConnectionError({ message: undefined, cause: error })));
    req.end(body);
  });
}

const RETRYABLE_STATUSES = new Set([408, 409, 429]);

function headerRecord(headers: Headers | undefined): Record<string, string> {
  return headers ? Object.fromEntries(headers) : {};
}

/** The response headers of a failure worth retrying (no connection, HTTP 408/409/429/5xx), else undefined. */
function retryHeaders(error: unknown): Record<string, string> | undefined {
  if (error instanceof APIConnectionError) return {};
  if (error instanceof APIError && error.status !== undefined && (RETRYABLE_STATUSES.has(error.status) || error.status >= 500)) return headerRecord(error.headers);
  return undefined;
}

/** The server's own message in an error body (`{"error": {"message": ...}}`), never a chunk of story text. */
function serverMessage(error: APIError): string {
  const message: unknown = typeof error.error === "object" && error.error !== null ? Reflect.get(error.error, "message") : undefined;
  return typeof message === "string" ? message : error.message;
}

/**
 * The SDK's errors in the words the rest of the app speaks: an HTTP failure is an APICallError
 * (its status shown to the family), a failure after the stream began a ModelStreamError.
 */
function modelError(error: unknown, url: string): unknown {
  if (error instanceof SyntaxError) return streamPartError(error);
  if (!(error instanceof APIError)) return error;
  if (error instanceof APIConnectionError) {
    return new APICallError({ message: `Cannot connect to API: ${error.message}`, url, requestBodyValues: undefined, isRetryable: true, cause: error });
  }
  // An error object inside a 200 stream has no status: the model reported it mid-story.
  if (error.status === undefined) return streamPartError(error);
  return new APICallError({
    message: serverMessage(error),
    url,
    requestBodyValues: undefined,
    statusCode: error.status,
    responseHeaders: headerRecord(error.headers),
    isRetryable: retryHeaders(error) !== undefined,
    cause: error,
  });
}

/** A streaming Chat Completions source for any OpenAI-compatible server, read by the `openai` SDK. */
export function chatCompletionsSource({ baseURL, apiKey, model }: { baseURL: string; apiKey: string; model: string }): ModelSource {
  // Chat Completions rather than the Responses API, so Ollama, vLLM, llama.cpp and LM Studio work.
  // Retries are ours (withRetries: the same back-off and Retry-After for every source).
  const url = new URL(`${baseURL.replace(/\/+$/, "")}/chat/completions`);
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json", accept: "text/event-stream", "user-agent": "StoryStream" };
  // Only its logger is used, and kept off: the SDK's reader would print an unparseable chunk, which is model text.
  const client = new OpenAI({ apiKey, baseURL, logLevel: "off", organization: null, project: null });
  return async ({ system, prompt, maxOutputTokens, temperature, maxRetries, signal }, sink) => {
    const finish: ModelFinish = { finishReason: undefined, usage: {} };
    const body = JSON.stringify({
      model,
      messages: [
        { role: "system", content: system },
        { role: "user", content: prompt },
      ],
      max_tokens: maxOutputTokens,
      temperature,
      stream: true,
      stream_options: { include_usage: true },
    });
    // Each call gets a signal of its own that follows the caller's, and ours loses its one listener
    // when the call ends: Node keeps an AbortSignal.timeout() with a listener alive until it fires,
    // and with it the request that made it (the series memory's 30 s call held whole requests).
    const call = new AbortController();
    const forward = () => call.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener("abort", forward, { once: true });
    let lost = false;
    try {
      const res = await withRetries(() => postStreaming(url, headers, body, call.signal), { maxRetries, signal, retryable: retryHeaders });
      // A connection reset mid-story ends the body with an error ("aborted") or without its end;
      // an abort of ours (the caller's, or the SDK's reader giving up) ends it the same way.
      res.on("error", () => (lost ||= !call.signal.aborted));
      res.on("close", () => (lost ||= !res.complete && !call.signal.aborted));
      // The SDK's reader takes any async-iterable body (its ReadableStreamToAsyncIterable passes one
      // through): node's IncomingMessage, read on demand, so the socket pauses while the reader is
      // behind. `headers.get` names the request id of an error object inside the stream.
      const response = { body: res, headers: { get: (name: string) => headerValue(res.headers, name) } };
      const stream = Stream.fromSSEResponse<ChatCompletionChunk>(response as unknown as Response, call, client);
      for await (const chunk of stream) {
        // Some OpenAI-compatible servers leave `choices` out of the last chunk, which carries the usage.
        const choice = (chunk.choices as typeof chunk.choices | undefined)?.[0];
        if (choice?.delta?.content) sink.write(choice.delta.content);
        if (choice?.finish_reason) finish.finishReason = choice.finish_reason;
        if (chunk.usage) finish.usage = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
        const wait = sink.ready();
        if (wait) await wait;
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (lost) throw new ModelStreamError("the connection to the model was lost", { cause: error });
      throw modelError(error, url.href);
    } finally {
      signal.removeEventListener("abort", forward);
    }
    if (signal.aborted) throw signal.reason;
    return finish;
  };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}
