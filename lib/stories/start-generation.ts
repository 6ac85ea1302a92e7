import { trackAccountStream } from "@/lib/account/running-streams";
import { ApiError } from "@/lib/errors";
import { reserveGeneration } from "@/lib/limits/generation-limits";
import { moderate, ModerationUnavailableError } from "@/lib/safety/moderation";
import { trackGeneration } from "./active-generations";
import { admitGeneration } from "./admission";
import { replayCompletedStory, streamStory } from "./generate";
import { claimIdempotencyKey, releaseIdempotencyKey } from "./idempotency";
import type { StoryRequest } from "./schema";

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
  try {
    const verdict = await moderate([input.story_name, input.hero_name, input.story_idea, input.story_style]);
    if (verdict.flagged) {
      throw new ApiError(422, "This story request is not suitable for a children's story", { extra: { categories: verdict.categories } });
    }
  } catch (error) {
    if (error instanceof ModerationUnavailableError) {
      throw new ApiError(503, "The safety check is unavailable right now, so no story was started; please try again", {
        headers: { "Retry-After": "30" },
      });
    }
    throw error;
  }
}

/**
 * Everything that happens before a stream may start, each step a clear JSON error: admission (503),
 * Idempotency-Key replay or conflict (409), limits (429), input moderation (422 / 503).
 */
export async function startStoryGeneration({
  user,
  input,
  idempotencyKey,
  signal,
}: {
  user: { id: string };
  input: StoryRequest;
  idempotencyKey?: string;
  signal: AbortSignal;
}): Promise<Response> {
  admitGeneration();
  // Tracked from the first step, so a SIGTERM waits for requests still in their checks too.
  const generation = trackGeneration();
  const untrackAccount = trackAccountStream(user.id, generation.upstream);
  const cleanups: Array<() => Promise<void>> = [async () => generation.untrack(), async () => untrackAccount()];
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
  const slot = await withCleanups(cleanups, () => reserveGeneration(user.id));
  cleanups.push(slot.release);
  await withCleanups(cleanups, () => assertInputIsSafe(input));

  return streamStory({
    user,
    input,
    signal,
    idempotencyKey,
    upstream: generation.upstream,
    onClosed: () => {
      generation.untrack();
      untrackAccount();
    },
    onSettled: async (outcome) => {
      await slot.release();
      if (idempotencyKey && outcome !== "completed") await releaseIdempotencyKey({ userId: user.id, key: idempotencyKey });
    },
  });
}
