import { after, type NextRequest } from "next/server";
import { trackAccountStream } from "@/lib/account/running-streams";
import { requireUser } from "@/lib/auth/require-user";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { parseJson } from "@/lib/http/parse-json";
import { reserveGeneration } from "@/lib/limits/generation-limits";
import { assertTextsAreSafe } from "@/lib/safety/assert-safe";
import { refreshSeriesMemory } from "@/lib/series/memory";
import { loadStoryContext, resolveStoryRequest } from "@/lib/series/resolve-context";
import type { AdmittedGeneration } from "./admission";
import { replayCompletedStory, streamStory } from "./generate";
import { claimIdempotencyKey, releaseIdempotencyKey } from "./idempotency";
import { readIdempotencyKey } from "./idempotency-key";
import { storyRequestSchema, type StoryRequest } from "./schema";
import type { SseStream } from "./sse-writer";

/** Runs work after the response (Next's `after`; the self-hosting server's own): never delaying the stream. */
export type Defer = (task: () => Promise<void>) => void;

/** Runs `step`; if it throws, runs the cleanups collected so far, newest first, then rethrows. */
async function withCleanups<T>(cleanups: Array<() => Promise<void>>, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    for (const cleanup of cleanups.toReversed()) await cleanup();
    throw error;
  }
}

async function assertInputIsSafe(input: StoryRequest): Promise<void> {
  await assertTextsAreSafe([input.story_name, input.hero_name, input.story_idea, input.story_style], {
    flaggedMessage: "This story request is not suitable for a children's story",
    unavailableMessage: "The safety check is unavailable right now, so no story was started; please try again",
  });
}

/**
 * Everything that happens before a stream may start, each step a clear JSON error (admission, the
 * 503, came before the token check: withAdmission): Idempotency-Key replay or conflict (409), characters and the story to continue (404),
 * limits (429), input moderation (422 / 503); then the series memory is made ready.
 * Once the stream has ended with `completed`, the series memory is brought up to date for the
 * next chapter (`defer`, Next's `after` by default: never delaying the stream, and kept alive on
 * serverless hosts).
 */
export async function startStoryGeneration({
  generation,
  user,
  input,
  idempotencyKey,
  signal,
  defer = after,
}: {
  /** The slot admission took for this request (withAdmission). */
  generation: AdmittedGeneration;
  user: { id: string };
  input: StoryRequest;
  idempotencyKey?: string;
  signal: AbortSignal;
  defer?: Defer;
}): Promise<SseStream> {
  const untrackAccount = trackAccountStream(user.id, generation.upstream);
  // On a failure withAdmission gives the slot back; these undo what this function took.
  const cleanups: Array<() => Promise<void>> = [async () => untrackAccount()];
  if (idempotencyKey) {
    const claim = await withCleanups(cleanups, () => claimIdempotencyKey({ userId: user.id, key: idempotencyKey }));
    if (claim.kind !== "new") {
      generation.untrack();
      untrackAccount();
    }
    if (claim.kind === "completed") return replayCompletedStory(claim.story);
    if (claim.kind === "running") throw new ApiError(409, "A generation with this Idempotency-Key is still running");
    cleanups.push(() => releaseIdempotencyKey({ userId: user.id, key: idempotencyKey }));
  }
  const resolved = await withCleanups(cleanups, () => resolveStoryRequest({ ownerId: user.id, input }));
  const slot = await withCleanups(cleanups, () => reserveGeneration(user.id));
  cleanups.push(slot.release);
  await withCleanups(cleanups, () => assertInputIsSafe(input));
  const context = await withCleanups(cleanups, () => loadStoryContext({ ownerId: user.id, resolved, signal }));

  let saved: { seriesId: string } | undefined;
  if (getEnv().SERIES_SUMMARIES === "after-completion") {
    defer(async () => {
      if (saved) await refreshSeriesMemory({ seriesId: saved.seriesId, ownerId: user.id });
    });
  }

  return streamStory({
    user,
    input,
    signal,
    idempotencyKey,
    context,
    upstream: generation.upstream,
    onClosed: () => {
      generation.untrack();
      untrackAccount();
    },
    onCompleted: (story) => {
      saved = story;
    },
    onSettled: async (outcome) => {
      await slot.release();
      if (idempotencyKey && outcome !== "completed") await releaseIdempotencyKey({ userId: user.id, key: idempotencyKey });
    },
  });
}

/**
 * A story request after admission: the caller, the body and the Idempotency-Key, then
 * startStoryGeneration. The route handler and the self-hosting server (server.ts) both call it.
 */
export async function prepareStoryStream(
  req: NextRequest,
  generation: AdmittedGeneration,
  options: { defer?: Defer } = {},
): Promise<SseStream> {
  const user = await requireUser(req);
  const input = await parseJson(req, storyRequestSchema);
  const idempotencyKey = readIdempotencyKey(req.headers);
  return startStoryGeneration({ generation, user, input, idempotencyKey, signal: req.signal, ...options });
}
