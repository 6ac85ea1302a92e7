import { getEnv } from "@/lib/env";
import { postgresLimitStore } from "./postgres-store";
import { createRedisLimitStore } from "./redis-store";
import type { LimitStore } from "./store";

let redisStore: LimitStore | undefined;

/** Redis when REDIS_URL is set, else the database: both are shared by every app instance. */
export function getLimitStore(): LimitStore {
  const { REDIS_URL } = getEnv();
  if (!REDIS_URL) return postgresLimitStore;
  redisStore ??= createRedisLimitStore(REDIS_URL);
  return redisStore;
}
