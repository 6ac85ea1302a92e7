import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { createOpenAI } from "@ai-sdk/openai";
import { languageModelSource, ModelStreamError, type ModelSource } from "./model-source.ts";

// The SDK's provider reads the Chat Completions stream; the transport under it is ours. Reading the
// upstream through undici's fetch cost milliseconds per event under load (issue 10's bare-relay
// measurements), node:http with keep-alive sockets does not.

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
      res.on("error", (error) => controller.error(error));
      // A connection reset mid-story ends without `end`.
      res.on("close", () => {
        if (!res.complete) controller.error(new ModelStreamError("the connection to the model was lost"));
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

/** A streaming Chat Completions source for any OpenAI-compatible server, through `@ai-sdk/openai`. */
export function chatCompletionsSource({ baseURL, apiKey, model }: { baseURL: string; apiKey: string; model: string }): ModelSource {
  // Chat Completions rather than the Responses API, so Ollama, vLLM, llama.cpp and LM Studio work.
  const provider = createOpenAI({ baseURL, apiKey, fetch: nodeHttpFetch });
  return languageModelSource(provider.chat(model));
}
