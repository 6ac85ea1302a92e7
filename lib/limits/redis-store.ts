import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import type { LimitStore } from "./limit-store";
import { LimitStoreUnavailableError } from "./unavailable";
import { windowStart } from "./window";

type RedisOptions = { url: string; connectTimeoutMs: number; commandTimeoutMs: number };

function createRedis({ url, connectTimeoutMs }: RedisOptions) {
  const client = createClient({
    url,
    // A command while disconnected fails at once instead of waiting in a queue for Redis to return.
    disableOfflineQueue: true,
    socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
  client.on("error", () => {
    // Reconnects on its own (reconnectStrategy); each command fails fast while it is down.
  });
  // Not awaited: the first connection may take a while or never come; commands check `isReady`.
  client.connect().catch(() => {});
  return client;
}

type RedisClient = ReturnType<typeof createRedis>;

declare global {
  var storystreamRedis: RedisClient | undefined;
}

/** Waits for a (re)connection in progress, at most `ms`: a fresh instance's first requests should not fail. */
async function waitUntilReady(redis: RedisClient, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!redis.isReady && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!redis.isReady) throw new LimitStoreUnavailableError(`Redis is not connected (waited ${ms} ms)`);
}

/** Runs one Redis operation, or throws LimitStoreUnavailableError when Redis is down or slow. */
async function withRedis<T>(options: RedisOptions, run: (redis: RedisClient) => Promise<T>): Promise<T> {
  globalThis.storystreamRedis ??= createRedis(options);
  const redis = globalThis.storystreamRedis;
  if (!redis.isReady) await waitUntilReady(redis, options.connectTimeoutMs);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // After a busy event loop the timer runs before pending I/O: setImmediate lets a reply that already arrived win.
    const expire = () => reject(new LimitStoreUnavailableError(`Redis did not answer within ${options.commandTimeoutMs} ms`));
    timer = setTimeout(() => setImmediate(expire), options.commandTimeoutMs);
  });
  try {
    return await Promise.race([run(redis), timeout]);
  } catch (error) {
    if (error instanceof LimitStoreUnavailableError) throw error;
    throw new LimitStoreUnavailableError(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

// Check-and-increment in one script, so concurrent instances never overshoot the ceiling.
const CONSUME = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

// Gives one back without going below zero or creating a key.
const REFUND = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
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

const KEY_PREFIX = "storystream:limit:";

/** SCAN MATCH treats these as pattern characters; an email may contain some of them. */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]^]/g, (char) => `\\${char}`);
}

export function createRedisLimitStore(options: RedisOptions): LimitStore {
  const windowKey = (key: string, start: Date) => `${KEY_PREFIX}${key}:${start.getTime()}`;
  const leaseKey = (userId: string) => `storystream:leases:${userId}`;
  return {
    async consume({ key, limit, windowMs }) {
      const start = windowStart(windowMs);
      const allowed = await withRedis(options, (redis) =>
        redis.eval(CONSUME, { keys: [windowKey(key, start)], arguments: [String(limit), String(windowMs)] }),
      );
      return { allowed: allowed === 1, resetAt: new Date(start.getTime() + windowMs) };
    },
    async refund({ key, windowMs, resetAt }) {
      const start = new Date(resetAt.getTime() - windowMs);
      await withRedis(options, (redis) => redis.eval(REFUND, { keys: [windowKey(key, start)], arguments: [] }));
    },
    async acquireLease({ userId, max, ttlMs }) {
      const leaseId = `${userId}:${randomUUID()}`;
      const now = Date.now();
      const reply = await withRedis(options, (redis) =>
        redis.eval(ACQUIRE, {
          keys: [leaseKey(userId)],
          arguments: [String(now), String(max), String(now + ttlMs), leaseId, String(ttlMs)],
        }),
      );
      if (Array.isArray(reply) && Number(reply[0]) === 1) return { leaseId };
      const earliestExpiry = Array.isArray(reply) ? Number(reply[1]) : now + ttlMs;
      return { retryAfterMs: Math.max(0, earliestExpiry - now) };
    },
    async releaseLease(leaseId) {
      const userId = leaseId.slice(0, leaseId.indexOf(":"));
      await withRedis(options, (redis) => redis.zRem(leaseKey(userId), leaseId));
    },
    async forget({ keyPrefixes, userId }) {
      await withRedis(options, async (redis) => {
        const doomed: string[] = [leaseKey(userId)];
        for (const prefix of keyPrefixes) {
          for await (const keys of redis.scanIterator({ MATCH: `${escapeGlob(`${KEY_PREFIX}${prefix}`)}*`, COUNT: 500 })) doomed.push(...keys);
        }
        await redis.del(doomed);
      });
    },
  };
}
