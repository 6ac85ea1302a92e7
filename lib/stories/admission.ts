import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { inFlightGenerations, isShuttingDown, trackGeneration } from "./active-generations";

export type AdmittedGeneration = ReturnType<typeof trackGeneration>;

/**
 * Refuses at once what this instance cannot serve: past MAX_INFLIGHT_GENERATIONS a request would
 * only queue on a saturated event loop and slow every running story, so it gets 503 and retries.
 * The slot is taken on arrival, before the token check and the body: requests still in their
 * checks count, so a burst cannot overshoot the ceiling, and a refusal costs no database call.
 */
export async function withAdmission<T>(handle: (generation: AdmittedGeneration) => Promise<T>): Promise<T> {
  if (isShuttingDown()) {
    throw new ApiError(503, "The server is restarting; please try again in a moment", { headers: { "Retry-After": "5" } });
  }
  if (inFlightGenerations() >= getEnv().MAX_INFLIGHT_GENERATIONS) {
    throw new ApiError(503, "The server is busy with other stories; please try again in a moment", { headers: { "Retry-After": "2" } });
  }
  // Tracked from the first step, so a SIGTERM waits for requests still in their checks too.
  const generation = trackGeneration();
  try {
    return await handle(generation);
  } catch (error) {
    generation.untrack();
    throw error;
  }
}
