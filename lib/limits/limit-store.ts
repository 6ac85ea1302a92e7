import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { logEvent } from "@/lib/log";
import { postgresLimitStore } from "./postgres-store";
import { createRedisLimitStore } from "./redis-store";
import { LimitStoreUnavailableError } from "./unavailable";

/** Where limit counters live: the database, or Redis when REDIS_URL is set. Never process memory. */
export type LimitStore = {
  /** Adds one to the window's counter unless it already reached `limit`; atomic across instances. */
  consume(input: { key: string; limit: number; windowMs: number }): Promise<{ allowed: boolean; resetAt: Date }>;
  /** Gives back one earlier `consume` of the window that ends at `resetAt` (a sign-in that succeeded). */
  refund(input: { key: string; windowMs: number; resetAt: Date }): Promise<void>;
  /** Takes one of `max` concurrent slots for `userId`, or says how long until one may free up. */
  acquireLease(input: { userId: string; max: number; ttlMs: number }): Promise<{ leaseId: string } | { retryAfterMs: number }>;
  releaseLease(leaseId: string): Promise<void>;
  /** Drops every counter whose key starts with one of the prefixes, and the user's leases (account deletion). */
  forget(input: { keyPrefixes: string[]; userId: string }): Promise<void>;
};

let redisStore: LimitStore | undefined;

/** Limits fail closed: with their store unreachable nothing they guard goes ahead, and the client is told when to retry. */
function failClosed(store: LimitStore): LimitStore {
  const guard =
    <Args extends unknown[], Result>(operation: (...args: Args) => Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      try {
        return await operation(...args);
      } catch (error) {
        if (!(error instanceof LimitStoreUnavailableError)) throw error;
        logEvent("error", "limit_store_unavailable", { error: error.message });
        throw new ApiError(503, "Our limits service is unavailable right now; please try again in a moment", {
          headers: { "Retry-After": "5" },
        });
      }
    };
  return {
    consume: guard(store.consume),
    refund: guard(store.refund),
    acquireLease: guard(store.acquireLease),
    releaseLease: guard(store.releaseLease),
    forget: guard(store.forget),
  };
}

/** Redis when REDIS_URL is set, else the database: both are shared by every app instance. */
export function getLimitStore(): LimitStore {
  const env = getEnv();
  if (!env.REDIS_URL) return postgresLimitStore;
  redisStore ??= failClosed(
    createRedisLimitStore({ url: env.REDIS_URL, connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS, commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS }),
  );
  return redisStore;
}
