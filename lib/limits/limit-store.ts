import { getEnv } from "@/lib/env";
import { postgresLimitStore } from "./postgres-store";
import { createRedisLimitStore } from "./redis-store";

/** Where limit counters live: the database, or Redis when REDIS_URL is set. Never process memory. */
export type LimitStore = {
  /** Adds one to the window's counter unless it already reached `limit`; atomic across instances. */
  consume(input: { key: string; limit: number; windowMs: number }): Promise<{ allowed: boolean; resetAt: Date }>;
  /** Adds one to the window's counter with no ceiling (failed logins). */
  increment(input: { key: string; windowMs: number }): Promise<void>;
  /** The window's count without changing it. */
  peek(input: { key: string; windowMs: number }): Promise<{ count: number; resetAt: Date }>;
  /** Takes one of `max` concurrent slots for `userId`, or says how long until one may free up. */
  acquireLease(input: { userId: string; max: number; ttlMs: number }): Promise<{ leaseId: string } | { retryAfterMs: number }>;
  releaseLease(leaseId: string): Promise<void>;
};

let redisStore: LimitStore | undefined;

/** Redis when REDIS_URL is set, else the database: both are shared by every app instance. */
export function getLimitStore(): LimitStore {
  const { REDIS_URL } = getEnv();
  if (!REDIS_URL) return postgresLimitStore;
  redisStore ??= createRedisLimitStore(REDIS_URL);
  return redisStore;
}
