import { APICallError, RetryError } from "ai";
import { getStoryModel, type StoryModel } from "@/lib/ai/model";
import { getEnv } from "@/lib/env";
import type { Story } from "@/lib/generated/prisma/client";
import { logEvent } from "@/lib/log";
import { moderate } from "@/lib/safety/moderation";
import { buildStoryPrompt } from "./prompt";
import { countCharacters, deleteStoryForOwner, saveCompletedStory } from "./repository";
import type { StoryRequest } from "./schema";
import type { StoryEvent } from "./sse";
import { sseResponse, type SseWriter } from "./sse-writer";

export type GenerationOutcome = "completed" | "aborted" | "failed";

class ClientDisconnected extends Error {
  constructor() {
    super("The client disconnected");
    this.name = "ClientDisconnected";
  }
}

class ModelTimeout extends Error {
  constructor(waitedFor: "first token" | "next token", ms: number) {
    super(`the model did not respond in time (no ${waitedFor} within ${ms / 1000} s)`);
    this.name = "ModelTimeout";
  }
}

/** Aborts the upstream when the model is silent too long: first token, then each gap. */
function startSilenceWatchdog(upstream: AbortController, firstTokenMs: number, idleMs: number) {
  let timer = setTimeout(() => upstream.abort(new ModelTimeout("first token", firstTokenMs)), firstTokenMs);
  let idle = false;
  return {
    tokenArrived() {
      // refresh() re-arms the same timer: no timer allocated per token.
      if (idle) timer.refresh();
      else {
        clearTimeout(timer);
        timer = setTimeout(() => upstream.abort(new ModelTimeout("next token", idleMs)), idleMs);
        idle = true;
      }
    },
    stop: () => clearTimeout(timer),
  };
}

/** A message a parent or API consumer can act on; never a stack trace or a secret. */
export function describeGenerationError(error: unknown): string {
  if (RetryError.isInstance(error)) return describeGenerationError(error.lastError);
  if (APICallError.isInstance(error)) {
    const status = error.statusCode ? ` (HTTP ${error.statusCode})` : "";
    return `OpenAI API error${status}: ${error.message}`;
  }
  if (error instanceof Error) return error.message;
  return "unknown error";
}

const ACCEPTED_FINISH_REASONS = new Set(["stop", "length"]);

type EventSink = (event: StoryEvent) => void;

/** The saved result of an earlier request with the same Idempotency-Key: no model call. */
export function replayCompletedStory(story: Story): Response {
  return sseResponse(
    async ({ send }) => {
      send({ type: "started", message: `Starting generation of '${story.storyName}'`, model: story.model });
      send({ type: "content", data: story.content });
      send({ type: "completed", story_id: story.id, message: "Story generated and saved successfully", story_length: story.storyLength });
    },
    { heartbeatMs: getEnv().SSE_HEARTBEAT_MS },
  );
}

/**
 * Owns one generation: sends `started`, forwards the model's text as `content` events, and on a
 * clean finish saves the story and sends `completed`. On disconnect or failure nothing is saved.
 */
export function streamStory({
  user,
  input,
  signal,
  idempotencyKey,
  upstream = new AbortController(),
  onSettled,
  onClosed,
}: {
  user: { id: string };
  input: StoryRequest;
  signal: AbortSignal;
  idempotencyKey?: string;
  /** Aborting it ends the generation; the reason becomes the error event (shutdown, time-out). */
  upstream?: AbortController;
  onSettled?: (outcome: GenerationOutcome) => Promise<void>;
  onClosed?: () => void;
}): Response {
  const storyModel = getStoryModel();
  const disconnect = () => {
    if (!upstream.signal.aborted) upstream.abort(new ClientDisconnected());
  };
  // A client that left while the request was queued has already fired `abort`: a listener added now never runs.
  if (signal.aborted) disconnect();
  else signal.addEventListener("abort", disconnect, { once: true });

  return sseResponse(async (writer) => {
    let outcome: GenerationOutcome = "failed";
    try {
      outcome = await runGeneration({ input, user, storyModel, upstream, writer, idempotencyKey });
    } finally {
      signal.removeEventListener("abort", disconnect);
      await onSettled?.(outcome).catch((error: unknown) =>
        logEvent("error", "generation_cleanup_failed", { user_id: user.id, error: describeGenerationError(error) }),
      );
    }
  }, { heartbeatMs: getEnv().SSE_HEARTBEAT_MS, onCancel: disconnect, onClosed });
}

async function runGeneration({
  input,
  user,
  storyModel,
  upstream,
  writer,
  idempotencyKey,
}: {
  input: StoryRequest;
  user: { id: string };
  storyModel: StoryModel | null;
  upstream: AbortController;
  writer: SseWriter;
  idempotencyKey?: string;
}): Promise<GenerationOutcome> {
  const emit: EventSink = writer.send;
  const env = getEnv();
  const watchdog = startSilenceWatchdog(upstream, env.STORY_FIRST_TOKEN_TIMEOUT_MS, env.STORY_IDLE_TIMEOUT_MS);
  const startedAt = performance.now();
  let firstTokenMs: number | undefined;
  let saveMs: number | undefined;
  let outcome: GenerationOutcome = "failed";
  let storyId: string | undefined;
  let tokens: { prompt?: number; completion?: number } = {};
  let failure: string | undefined;

  emit({ type: "started", message: `Starting generation of '${input.story_name}'`, model: storyModel?.modelName ?? "none" });
  try {
    if (!storyModel) {
      throw new Error(
        "no model is configured. Set OPENAI_API_KEY (and optionally OPENAI_BASE_URL and OPENAI_MODEL), " +
          "or DEMO_STORYTELLER=1 for the offline demo storyteller.",
      );
    }
    const { system, prompt, maxOutputTokens } = buildStoryPrompt(input);
    let content = "";
    const finish = await storyModel.source(
      { system, prompt, maxOutputTokens, temperature: 0.8, maxRetries: env.OPENAI_MAX_RETRIES, signal: upstream.signal },
      {
        write(piece) {
          // PostgreSQL text cannot hold U+0000 (the save would fail): drop it, so what streams is what is saved.
          const text = piece.replaceAll("\u0000", "");
          if (text === "") return;
          firstTokenMs ??= performance.now() - startedAt;
          watchdog.tokenArrived();
          content += text;
          emit({ type: "content", data: text });
        },
        ready: writer.ready,
      },
    );
    const finishReason = finish.finishReason;
    tokens = finish.usage;
    watchdog.stop();
    if (upstream.signal.aborted) throw upstream.signal.reason;
    if (!finishReason || !ACCEPTED_FINISH_REASONS.has(finishReason)) {
      throw new Error(`the model stopped early (${finishReason ?? "no finish reason"})`);
    }
    if (content.trim() === "") throw new Error("the model returned no text");
    const verdict = await moderate([content]);
    if (verdict.flagged) throw new Error("the story did not pass the safety check, so it was not saved");
    if (upstream.signal.aborted) throw upstream.signal.reason;

    const saveStartedAt = performance.now();
    const story = await saveCompletedStory({
      ownerId: user.id,
      input,
      content,
      model: storyModel.modelName,
      promptTokens: tokens.prompt,
      completionTokens: tokens.completion,
      idempotencyKey,
    });
    saveMs = performance.now() - saveStartedAt;
    // The client left while the row was being written: it never saw `completed`, so keep nothing.
    if (upstream.signal.aborted) {
      await deleteStoryForOwner({ id: story.id, ownerId: user.id });
      throw upstream.signal.reason;
    }
    storyId = story.id;
    outcome = "completed";
    emit({ type: "completed", story_id: story.id, message: "Story generated and saved successfully", story_length: countCharacters(content) });
  } catch (error) {
    if (upstream.signal.reason instanceof ClientDisconnected) {
      outcome = "aborted";
    } else {
      // A time-out or shutdown aborts the SDK call; its reason says more than the SDK's error.
      failure = describeGenerationError(upstream.signal.aborted ? upstream.signal.reason : error);
      emit({ type: "error", message: `Generation failed: ${failure}` });
    }
  } finally {
    watchdog.stop();
    // Releases the upstream connection on every path, including a failure mid-stream.
    if (!upstream.signal.aborted) upstream.abort(new Error("generation ended"));
    logEvent(outcome === "failed" ? "warn" : "info", "story_generation", {
      user_id: user.id,
      story_id: storyId,
      model: storyModel?.modelName,
      prompt_tokens: tokens.prompt,
      completion_tokens: tokens.completion,
      first_token_ms: firstTokenMs === undefined ? undefined : Math.round(firstTokenMs),
      save_ms: saveMs === undefined ? undefined : Math.round(saveMs * 10) / 10,
      duration_ms: Math.round(performance.now() - startedAt),
      outcome,
      error: failure,
    });
  }
  return outcome;
}
