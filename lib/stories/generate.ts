import { randomUUID } from "node:crypto";
import { AISDKError, APICallError, RetryError } from "ai";
import { ModelStreamError } from "@/lib/ai/model-source";
import { AccountDeletedError } from "@/lib/account/running-streams";
import { getStoryModel, type StoryModel } from "@/lib/ai/model";
import { getEnv } from "@/lib/env";
import type { Story } from "@/lib/generated/prisma/client";
import { logEvent } from "@/lib/log";
import { createSafetyGate, type GateMode, type GateStop } from "@/lib/safety/gate";
import { moderateStoryText, ModerationUnavailableError } from "@/lib/safety/moderation";
import { WITHHELD_MESSAGE } from "@/lib/safety/policy";
import { NO_STORY_CONTEXT, type StoryContext } from "@/lib/series/story-context";
import { ServerShuttingDown } from "./active-generations";
import { buildStoryPrompt } from "./prompt";
import { countCharacters, deleteStoryForOwner, saveCompletedStory } from "./repository";
import type { StoryRequest } from "./schema";
import type { StoryEvent } from "./sse";
import type { SseStream, SseWriter } from "./sse-writer";

export type GenerationOutcome = "completed" | "aborted" | "failed";

class ClientDisconnected extends Error {
  constructor() {
    super("The client disconnected");
    this.name = "ClientDisconnected";
  }
}

/** A failure whose message a family or API consumer may read as it is. */
class GenerationProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GenerationProblem";
  }
}

class ModelTimeout extends GenerationProblem {
  constructor(waitedFor: "first token" | "next token", ms: number) {
    super(`the model did not respond in time (no ${waitedFor} within ${ms / 1000} s)`);
    this.name = "ModelTimeout";
  }
}

/** The safety gate or the final check stopped the story; the message never quotes it. */
class StoryWithheld extends GenerationProblem {
  readonly categories: string[];
  /** Text the client already shows was not (or no longer is) cleared: it must take it down. */
  readonly withdraw: boolean;
  constructor({ categories, withdraw }: { categories: string[]; withdraw: boolean }) {
    super(WITHHELD_MESSAGE);
    this.name = "StoryWithheld";
    this.categories = categories;
    this.withdraw = withdraw;
  }
}

/** Moderation failed mid-story: fail closed. */
class SafetyCheckUnavailable extends GenerationProblem {
  readonly withdraw: boolean;
  constructor({ withdraw, cause }: { withdraw: boolean; cause: unknown }) {
    super(new ModerationUnavailableError(cause).message);
    this.name = "SafetyCheckUnavailable";
    this.withdraw = withdraw;
  }
}

function stopReason(stop: GateStop, mode: GateMode): Error {
  const withdraw = mode === "async";
  return stop.kind === "unsafe" ? new StoryWithheld({ categories: stop.categories, withdraw }) : new SafetyCheckUnavailable({ withdraw, cause: stop.cause });
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

const PUBLIC_ERROR_NAMES = new Set([new ServerShuttingDown().name, new AccountDeletedError().name]);

/**
 * A message a parent or API consumer can act on, or undefined for an internal failure (a database
 * error, a bug), whose details belong in the log only.
 */
function publicMessage(error: unknown): string | undefined {
  if (RetryError.isInstance(error)) return publicMessage(error.lastError);
  if (APICallError.isInstance(error)) {
    const status = error.statusCode ? ` (HTTP ${error.statusCode})` : "";
    return `OpenAI API error${status}: ${error.message}`;
  }
  if (error instanceof GenerationProblem || error instanceof ModerationUnavailableError || error instanceof ModelStreamError) return error.message;
  // Raised by other bundles' copies of their modules (instrumentation, the account routes): match by name.
  if (error instanceof Error && PUBLIC_ERROR_NAMES.has(error.name)) return error.message;
  if (AISDKError.isInstance(error)) return error.message;
  return undefined;
}

function logDetail(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const ACCEPTED_FINISH_REASONS = new Set(["stop", "length"]);

type EventSink = (event: StoryEvent) => void;

/** The saved result of an earlier request with the same Idempotency-Key: no model call. */
export function replayCompletedStory(story: Story): SseStream {
  return {
    async produce({ send }) {
      send({ type: "started", message: `Starting generation of '${story.storyName}'`, model: story.model });
      send({ type: "content", data: story.content });
      send({ type: "completed", story_id: story.id, message: "Story generated and saved successfully", story_length: story.storyLength });
    },
    heartbeatMs: getEnv().SSE_HEARTBEAT_MS,
  };
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
  context = NO_STORY_CONTEXT,
  upstream = new AbortController(),
  onSettled,
  onClosed,
  onCompleted,
}: {
  user: { id: string };
  input: StoryRequest;
  signal: AbortSignal;
  idempotencyKey?: string;
  /** Characters and series memory for the prompt; the save records them. */
  context?: StoryContext;
  /** Aborting it ends the generation; the reason becomes the error event (shutdown, time-out). */
  upstream?: AbortController;
  onSettled?: (outcome: GenerationOutcome) => Promise<void>;
  onClosed?: () => void;
  /** Called once `completed` is sent, with the saved story. */
  onCompleted?: (story: Story) => void;
}): SseStream {
  const storyModel = getStoryModel();
  const disconnect = () => {
    if (!upstream.signal.aborted) upstream.abort(new ClientDisconnected());
  };
  // A client that left while the request was queued has already fired `abort`: a listener added now never runs.
  if (signal.aborted) disconnect();
  else signal.addEventListener("abort", disconnect, { once: true });

  return {
    async produce(writer) {
      let outcome: GenerationOutcome = "failed";
      try {
        outcome = await runGeneration({ input, user, storyModel, upstream, writer, idempotencyKey, context, onCompleted });
      } finally {
        signal.removeEventListener("abort", disconnect);
        await onSettled?.(outcome).catch((error: unknown) =>
          logEvent("error", "generation_cleanup_failed", { user_id: user.id, error: logDetail(error) }),
        );
      }
    },
    heartbeatMs: getEnv().SSE_HEARTBEAT_MS,
    onCancel: disconnect,
    onClosed,
  };
}

/** The gate for this story: held back for children by default, the identity when moderation is off or for the demo. */
function gateModeFor(storyModel: StoryModel | null): GateMode {
  const env = getEnv();
  if (!env.moderationEnabled || storyModel?.isDemo) return "off";
  return env.MODERATION_STREAM;
}

async function runGeneration({
  input,
  user,
  storyModel,
  upstream,
  writer,
  idempotencyKey,
  context,
  onCompleted,
}: {
  input: StoryRequest;
  user: { id: string };
  storyModel: StoryModel | null;
  upstream: AbortController;
  writer: SseWriter;
  idempotencyKey?: string;
  context: StoryContext;
  onCompleted?: (story: Story) => void;
}): Promise<GenerationOutcome> {
  const emit: EventSink = writer.send;
  const env = getEnv();
  const watchdog = startSilenceWatchdog(upstream, env.STORY_FIRST_TOKEN_TIMEOUT_MS, env.STORY_IDLE_TIMEOUT_MS);
  const startedAt = performance.now();
  const requestId = randomUUID();
  let firstTokenMs: number | undefined;
  let saveMs: number | undefined;
  let outcome: GenerationOutcome = "failed";
  let storyId: string | undefined;
  let tokens: { prompt?: number; completion?: number } = {};
  let failure: string | undefined;
  const mode = gateModeFor(storyModel);
  const gate = createSafetyGate({
    mode,
    language: input.language,
    signal: upstream.signal,
    check: moderateStoryText,
    onRelease: (text) => emit({ type: "content", data: text }),
    // Stops the model at once; the stream loop below then ends with this reason.
    onFlag: (stop) => upstream.abort(stopReason(stop, mode)),
  });

  emit({ type: "started", message: `Starting generation of '${input.story_name}'`, model: storyModel?.modelName ?? "none" });
  try {
    if (!storyModel) {
      throw new GenerationProblem(
        "no model is configured. Set OPENAI_API_KEY (and optionally OPENAI_BASE_URL and OPENAI_MODEL), " +
          "or DEMO_STORYTELLER=1 for the offline demo storyteller.",
      );
    }
    const { system, prompt, maxOutputTokens } = buildStoryPrompt(input, context);
    let content = "";
    const finish = await storyModel.source(
      { system, prompt, maxOutputTokens, temperature: 0.8, maxRetries: env.OPENAI_MAX_RETRIES, signal: upstream.signal },
      {
        write(piece) {
          // PostgreSQL text cannot hold U+0000 (the save would fail): drop it, so what streams is what is saved.
          const text = piece.includes("\u0000") ? piece.replaceAll("\u0000", "") : piece;
          if (text === "") return;
          firstTokenMs ??= performance.now() - startedAt;
          watchdog.tokenArrived();
          content += text;
          gate.push(text);
        },
        ready: writer.ready,
      },
    );
    const finishReason = finish.finishReason;
    tokens = finish.usage;
    watchdog.stop();
    if (upstream.signal.aborted) throw upstream.signal.reason;
    if (!finishReason || !ACCEPTED_FINISH_REASONS.has(finishReason)) {
      throw new GenerationProblem(`the model stopped early (${finishReason ?? "no finish reason"})`);
    }
    if (content.trim() === "") throw new GenerationProblem("the model returned no text");
    // Every unit has its verdict and, held back, has been released: the client has all of `content`.
    await gate.finish();
    if (upstream.signal.aborted) throw upstream.signal.reason;
    await assertWholeStoryIsSafe(content, mode);
    if (upstream.signal.aborted) throw upstream.signal.reason;

    // The reader gets the last words now, not after the save.
    writer.flush();
    const saveStartedAt = performance.now();
    const story = await saveCompletedStory({
      ownerId: user.id,
      input,
      content,
      model: storyModel.modelName,
      promptTokens: tokens.prompt,
      completionTokens: tokens.completion,
      idempotencyKey,
      context,
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
    onCompleted?.(story);
  } catch (error) {
    if (upstream.signal.reason instanceof ClientDisconnected) {
      outcome = "aborted";
    } else {
      // A time-out, flag or shutdown aborts the SDK call; its reason says more than the SDK's error.
      const cause = upstream.signal.aborted ? upstream.signal.reason : error;
      const message = publicMessage(cause);
      failure = message ?? logDetail(cause);
      emit({
        type: "error",
        message: `Generation failed: ${message ?? `something went wrong on our side, so nothing was saved (request id ${requestId})`}`,
        ...(cause instanceof StoryWithheld && { reason: "unsafe" as const }),
        ...((cause instanceof StoryWithheld || cause instanceof SafetyCheckUnavailable) && cause.withdraw && { withdraw: true as const }),
      });
    }
  } finally {
    watchdog.stop();
    // Releases the upstream connection on every path, including a failure mid-stream.
    if (!upstream.signal.aborted) upstream.abort(new Error("generation ended"));
    const withheld = upstream.signal.reason instanceof StoryWithheld ? upstream.signal.reason : undefined;
    logEvent(outcome === "failed" ? "warn" : "info", "story_generation", {
      request_id: requestId,
      user_id: user.id,
      story_id: storyId,
      model: storyModel?.modelName,
      prompt_tokens: tokens.prompt,
      completion_tokens: tokens.completion,
      first_token_ms: firstTokenMs === undefined ? undefined : Math.round(firstTokenMs),
      save_ms: saveMs === undefined ? undefined : Math.round(saveMs * 10) / 10,
      duration_ms: Math.round(performance.now() - startedAt),
      moderation: mode,
      moderation_calls: gate.moderationCalls(),
      withheld_categories: withheld?.categories,
      outcome,
      error: failure,
    });
  }
  return outcome;
}

/** The full-text check before saving: a phrase spread over many units is judged as a whole here. */
async function assertWholeStoryIsSafe(content: string, mode: GateMode): Promise<void> {
  if (mode === "off") return;
  const [verdict] = await moderateStoryText([content]).catch((cause: unknown) => {
    throw new SafetyCheckUnavailable({ withdraw: mode === "async", cause });
  });
  // The reader has seen every unit by now; the whole, as a whole, is not for children.
  if (verdict?.flagged !== false) throw new StoryWithheld({ categories: verdict?.categories ?? [], withdraw: true });
}
