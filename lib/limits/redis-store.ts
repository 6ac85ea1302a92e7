import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import type { LimitStore } from "./limit-store";
import { windowStart } from "./window";

function connect(url: string) {
  const client = createClient({ url });
  client.on("error", () => {
    // node-redis reconnects on its own; each command still fails loudly while it is down
  });
  return client.connect();
}

type RedisClient = Awaited<ReturnType<typeof connect>>;

declare global {
  var storystreamRedis: Promise<RedisClient> | undefined;
}

function getRedis(url: string): Promise<RedisClient> {
  globalThis.storystreamRedis ??= connect(url).catch((error: unknown) => {
    globalThis.storystreamRedis = undefined;
    throw error;
  });
  return globalThis.storystreamRedis;
}

// Check-and-increment in one script, so concurrent instances never overshoot the ceiling.
const CONSUME = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

// Leases are a sorted set scored by expiry: drop the expired, then add if below the maximum.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, first[2]}
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {1, ARGV[3]}`;

export function createRedisLimitStore(url: string): LimitStore {
  const windowKey = (key: string, windowMs: number) => `storystream:limit:${key}:${windowStart(windowMs).getTime()}`;
  const leaseKey = (userId: string) => `storystream:leases:${userId}`;
  return {
    async consume({ key, limit, windowMs }) {
      const redis = await getRedis(url);
      const allowed = await redis.eval(CONSUME, { keys: [windowKey(key, windowMs)], arguments: [String(limit), String(windowMs)] });
      return { allowed: allowed === 1, resetAt: new Date(windowStart(windowMs).getTime() + windowMs) };
    },
    async increment({ key, windowMs }) {
      const redis = await getRedis(url);
      const redisKey = windowKey(key, windowMs);
      await redis.multi().incr(redisKey).pExpire(redisKey, windowMs).exec();
    },
    async peek({ key, windowMs }) {
      const redis = await getRedis(url);
      const value = await redis.get(windowKey(key, windowMs));
      return { count: Number(value ?? 0), resetAt: new Date(windowStart(windowMs).getTime() + windowMs) };
    },
    async acquireLease({ userId, max, ttlMs }) {
      const redis = await getRedis(url);
      const leaseId = `${userId}:${randomUUID()}`;
      const now = Date.now();
      const reply = await redis.eval(ACQUIRE, {
        keys: [leaseKey(userId)],
        arguments: [String(now), String(max), String(now + ttlMs), leaseId, String(ttlMs)],
      });
      if (Array.isArray(reply) && Number(reply[0]) === 1) return { leaseId };
      const earliestExpiry = Array.isArray(reply) ? Number(reply[1]) : now + ttlMs;
      return { retryAfterMs: Math.max(0, earliestExpiry - now) };
    },
    async releaseLease(leaseId) {
      const redis = await getRedis(url);
      const userId = leaseId.slice(0, leaseId.indexOf(":"));
      await redis.zRem(leaseKey(userId), leaseId);
    },
  };
}
