import type { LanguageModelV4 } from "@ai-sdk/provider";

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
  return async ({ system, prompt, maxOutputTokens, temperature, signal }, sink) => {
    const { stream } = await model.doStream({
      prompt: [
        { role: "system", content: system },
        { role: "user", content: [{ type: "text", text: prompt }] },
      ],
      maxOutputTokens,
      temperature,
      abortSignal: signal,
    });
    const finish: ModelFinish = { finishReason: undefined, usage: {} };
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value: part } = await reader.read();
        if (done) break;
        if (part.type === "text-delta") sink.write(part.delta);
        else if (part.type === "error") throw part.error;
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
