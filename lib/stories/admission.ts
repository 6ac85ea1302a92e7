import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { inFlightGenerations, isShuttingDown } from "./active-generations";

/**
 * Refuses at once what this instance cannot serve: past MAX_INFLIGHT_GENERATIONS a request would
 * only queue on a saturated event loop and slow every running story, so it gets 503 and retries.
 */
export function admitGeneration(): void {
  if (isShuttingDown()) {
    throw new ApiError(503, "The server is restarting; please try again in a moment", { headers: { "Retry-After": "5" } });
  }
  if (inFlightGenerations() >= getEnv().MAX_INFLIGHT_GENERATIONS) {
    throw new ApiError(503, "The server is busy with other stories; please try again in a moment", { headers: { "Retry-After": "2" } });
  }
}
