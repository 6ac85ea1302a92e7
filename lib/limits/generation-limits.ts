import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { RUNNING_CLAIM_TTL_MS } from "@/lib/stories/stream-lifetime";
import { getLimitStore } from "./limit-store";

const HOUR_MS = 60 * 60 * 1000;

/** The hourly story counter of this user starts with this (account deletion drops it). */
export function storyLimitKeyPrefix(userId: string): string {
  return `stories:${userId}`;
}

export type GenerationSlot = { release: () => Promise<void> };

function tooMany(message: string, retryAfterMs: number): ApiError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError(429, message, { headers: { "Retry-After": String(retryAfter) } });
}

/**
 * Takes one of the user's concurrent-stream slots and one story from their hourly allowance,
 * or throws 429 with Retry-After. The slot must be released when the stream ends.
 */
export async function reserveGeneration(userId: string): Promise<GenerationSlot> {
  const env = getEnv();
  if (env.RATE_LIMIT_DISABLED) return { release: async () => {} };
  const store = getLimitStore();
  const lease = await store.acquireLease({ userId, max: env.RATE_LIMIT_CONCURRENT_STREAMS, ttlMs: RUNNING_CLAIM_TTL_MS });
  if (!("leaseId" in lease)) {
    // Streams usually end long before their lease expires: suggest a short wait.
    throw tooMany(`You already have ${env.RATE_LIMIT_CONCURRENT_STREAMS} stories being written; wait for one to finish`, Math.min(lease.retryAfterMs, 10_000));
  }
  const release = () => store.releaseLease(lease.leaseId);
  try {
    const hourly = await store.consume({ key: storyLimitKeyPrefix(userId), limit: env.RATE_LIMIT_STORIES_PER_HOUR, windowMs: HOUR_MS });
    if (!hourly.allowed) {
      throw tooMany(`You can create ${env.RATE_LIMIT_STORIES_PER_HOUR} stories per hour; please try again later`, hourly.resetAt.getTime() - Date.now());
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { release };
}
