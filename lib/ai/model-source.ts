import { setTimeout as sleep } from "node:timers/promises";
import { AISDKError, APICallError, type LanguageModelV4 } from "@ai-sdk/provider";

/** The model's stream broke after it began; its message is safe to show (it never quotes model text). */
export class ModelStreamError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ModelStreamError";
  }
}

/**
 * An error inside a model's stream (an error part or object, or a chunk that did not parse),
 * without the chunk text a parse error would quote.
 */
export function streamPartError(error: unknown): ModelStreamError {
  if (AISDKError.isInstance(error) || error instanceof SyntaxError) return new ModelStreamError("the model sent a malformed chunk", { cause: error });
  const message: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "message") : undefined;
  return new ModelStreamError(`the model reported an error${typeof message === "string" ? `: ${message}` : ""}`, { cause: error });
}

/** Where a model source delivers text: pieces in order, and a way to wait while the reader is behind. */
export type TextSink = {
  /** Text that arrived together (one upstream read), in order. */
  write(text: string): void;
  /** Resolves when the reader wants more text; undefined when it already does. */
  ready(): Promise<void> | undefined;
};

export type ModelRequest = {
  system: string;
  prompt: string;
  maxOutputTokens: number;
  temperature: number;
  maxRetries: number;
  signal: AbortSignal;
};

export type ModelFinish = { finishReason: string | undefined; usage: { prompt?: number; completion?: number } };

/** One model call: streams text into `sink` and resolves with the finish, or rejects (HTTP error, abort, malformed chunk). */
export type ModelSource = (request: ModelRequest, sink: TextSink) => Promise<ModelFinish>;

/**
 * Any `ai` SDK model through its provider's `doStream`: one transform per part instead of
 * streamText's layers. Used for the demo storyteller and any provider without a lean source.
 */
export function languageModelSource(model: LanguageModelV4): ModelSource {
  return async ({ system, prompt, maxOutputTokens, temperature, maxRetries, signal }, sink) => {
    const call = () =>
      model.doStream({
        prompt: [
          { role: "system", content: system },
          { role: "user", content: [{ type: "text", text: prompt }] },
        ],
        maxOutputTokens,
        temperature,
        abortSignal: signal,
      });
    const { stream } = await withRetries(call, { maxRetries, signal, retryable: sdkRetryHeaders });
    const finish: ModelFinish = { finishReason: undefined, usage: {} };
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value: part } = await reader.read();
        if (done) break;
        if (part.type === "text-delta") sink.write(part.delta);
        else if (part.type === "error") throw streamPartError(part.error);
        else if (part.type === "finish") {
          finish.finishReason = part.finishReason.unified;
          finish.usage = { prompt: part.usage.inputTokens.total, completion: part.usage.outputTokens.total };
        }
        await sink.ready();
      }
    } finally {
      reader.releaseLock();
    }
    if (signal.aborted) throw signal.reason;
    return finish;
  };
}

/** How long to wait before retry `attempt`: the server's Retry-After when sane, else back-off from 2 s (as streamText does). */
export function retryDelayMs(headers: Record<string, string> | undefined, attempt: number): number {
  const backOff = 2000 * 2 ** attempt;
  const milliseconds = Number(headers?.["retry-after-ms"] ?? Number.NaN);
  const seconds = Number(headers?.["retry-after"] ?? Number.NaN) * 1000;
  const asked = Number.isFinite(milliseconds) ? milliseconds : seconds;
  return Number.isFinite(asked) && asked >= 0 && asked <= 60_000 ? asked : backOff;
}

/** The response headers of a retryable `ai` SDK call failure (to honour Retry-After), or undefined when it is not retryable. */
function sdkRetryHeaders(error: unknown): Record<string, string> | undefined {
  return APICallError.isInstance(error) && error.isRetryable ? (error.responseHeaders ?? {}) : undefined;
}

/**
 * Retries a call that failed retryably before any text arrived (HTTP 408/409/429/5xx, no
 * connection): `retryable` gives the failure's response headers, or undefined when it is final.
 */
export async function withRetries<T>(
  call: () => PromiseLike<T>,
  { maxRetries, signal, retryable }: { maxRetries: number; signal: AbortSignal; retryable: (error: unknown) => Record<string, string> | undefined },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const headers = signal.aborted || attempt >= maxRetries ? undefined : retryable(error);
      if (!headers) throw error;
      await sleep(retryDelayMs(headers, attempt), undefined, { signal });
    }
  }
}
