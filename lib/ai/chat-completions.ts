import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { APICallError } from "@ai-sdk/provider";
import OpenAI, { APIConnectionError, APIError } from "openai";
import { ModelStreamError, streamPartError, withRetries, type ModelFinish, type ModelSource } from "./model-source.ts";

// The `openai` SDK reads the Chat Completions stream; the transport under it is ours. Reading the
// upstream through undici's fetch cost milliseconds per event under load (issue 10's bare-relay
// measurements), node:http with keep-alive sockets does not. The SDK's iterator costs less per
// token than `@ai-sdk/openai`'s doStream (one JSON.parse per chunk, no stream transforms or zod
// parse per token): bench/README.md, round 8.

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

function responseHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string") result.set(name, value);
    else if (Array.isArray(value)) for (const item of value) result.append(name, item);
  }
  return result;
}

/** The response body as a byte stream that pauses the socket while the reader is behind. */
function responseBody(res: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      res.on("data", (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) res.pause();
      });
      res.on("end", () => {
        try {
          controller.close();
        } catch {
          // already cancelled by the reader
        }
      });
      // A connection reset mid-story ends with an error ("aborted") or without `end`.
      const lost = (cause?: unknown) => controller.error(new ModelStreamError("the connection to the model was lost", { cause }));
      res.on("error", lost);
      res.on("close", () => {
        if (!res.complete) lost();
      });
    },
    pull() {
      res.resume();
    },
    cancel() {
      res.destroy();
    },
  });
}

/** A `fetch` for the provider on node:http: string bodies, streamed responses, abort by signal. */
export const nodeHttpFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const isHttps = url.protocol === "https:";
    const body = typeof init.body === "string" ? init.body : undefined;
    const req = (isHttps ? httpsRequest : httpRequest)(url, {
      method: init.method ?? "GET",
      agent: isHttps ? agents.https : agents.http,
      headers: { ...Object.fromEntries(new Headers(init.headers)), ...(body !== undefined && { "content-length": String(Buffer.byteLength(body)) }) },
      signal: init.signal ?? undefined,
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 502;
      const hasBody = status !== 204 && status !== 304;
      if (!hasBody) res.resume();
      resolve(new Response(hasBody ? responseBody(res) : null, { status, statusText: res.statusMessage, headers: responseHeaders(res.headers) }));
    });
    // Like undici: a network failure is a TypeError "fetch failed", which the SDK turns into a
    // retryable "Cannot connect to API" error; an abort stays an AbortError.
    req.on("error", (error) => reject(init.signal?.aborted ? init.signal.reason : new TypeError("fetch failed", { cause: error })));
    req.end(body);
  });

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

/** A streaming Chat Completions source for any OpenAI-compatible server, through the `openai` SDK. */
export function chatCompletionsSource({ baseURL, apiKey, model }: { baseURL: string; apiKey: string; model: string }): ModelSource {
  // Chat Completions rather than the Responses API, so Ollama, vLLM, llama.cpp and LM Studio work.
  // Retries are ours (withRetries: the same back-off and Retry-After for every source); the SDK's
  // log stays off, because it would print an unparseable chunk, which is model text.
  const client = new OpenAI({ apiKey, baseURL, fetch: nodeHttpFetch, maxRetries: 0, logLevel: "off", organization: null, project: null });
  const url = `${baseURL}/chat/completions`;
  return async ({ system, prompt, maxOutputTokens, temperature, maxRetries, signal }, sink) => {
    const finish: ModelFinish = { finishReason: undefined, usage: {} };
    // The SDK leaves its abort listener on the signal it is given until that signal aborts. Node
    // keeps an AbortSignal.timeout() with a listener alive until it fires, and with it the context
    // of the request that made it (the series memory's 30 s call held whole requests). So the SDK
    // gets a signal of this call's own, and ours loses its one listener when the call ends.
    const call = new AbortController();
    const forward = () => call.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener("abort", forward, { once: true });
    try {
      const stream = await withRetries(
        () =>
          client.chat.completions.create(
            {
              model,
              messages: [
                { role: "system", content: system },
                { role: "user", content: prompt },
              ],
              max_tokens: maxOutputTokens,
              temperature,
              stream: true,
              stream_options: { include_usage: true },
            },
            { signal: call.signal },
          ),
        { maxRetries, signal, retryable: retryHeaders },
      );
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
      throw signal.aborted ? signal.reason : modelError(error, url);
    } finally {
      signal.removeEventListener("abort", forward);
    }
    // The SDK's iterator ends quietly on an abort.
    if (signal.aborted) throw signal.reason;
    return finish;
  };
}
