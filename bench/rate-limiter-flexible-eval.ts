// Evaluates `rate-limiter-flexible` against the guarantee our two-instance tests check: with a
// limit of 10, exactly 10 of 30 simultaneous attempts from two processes get through.
//   node bench/rate-limiter-flexible-eval.ts [--rounds 5] [--database-url URL] [--redis-url URL]
// Each round: two child processes start together and each fires 15 parallel consume(key) calls
// against the same key, for RateLimiterPostgres (pg Pool) and RateLimiterRedis (node-redis).
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { createClient } from "redis";
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    "database-url": { type: "string", default: "postgresql://postgres@127.0.0.1:5432/test" },
    "redis-url": { type: "string", default: "redis://127.0.0.1:6379/5" },
    child: { type: "string" },
    key: { type: "string" },
  },
});
const LIMIT = 10;
const PER_PROCESS = 15;

async function limiterFor(store: string): Promise<{ limiter: RateLimiterAbstract; close: () => Promise<void> }> {
  if (store === "postgres") {
    const pool = new pg.Pool({ connectionString: values["database-url"], max: 10 });
    const limiter = await new Promise<RateLimiterAbstract>((resolve, reject) => {
      const created: RateLimiterPostgres = new RateLimiterPostgres(
        { storeClient: pool, tableName: "rlf_eval", points: LIMIT, duration: 3600 },
        (error?: Error) => (error ? reject(error) : resolve(created)),
      );
    });
    return { limiter, close: () => pool.end() };
  }
  const client = createClient({ url: values["redis-url"] });
  await client.connect();
  const limiter = new RateLimiterRedis({ storeClient: client, useRedisPackage: true, keyPrefix: "rlf-eval", points: LIMIT, duration: 3600 });
  return { limiter, close: async () => void client.destroy() };
}

async function child(store: string, key: string): Promise<void> {
  const { limiter, close } = await limiterFor(store);
  process.send?.({ ready: true });
  await new Promise<void>((resolve) => process.once("message", () => resolve()));
  const outcomes = await Promise.all(
    Array.from({ length: PER_PROCESS }, () => limiter.consume(key).then(() => "allowed" as const, (res: unknown) => (res instanceof Error ? "error" : ("refused" as const)))),
  );
  process.send?.({ allowed: outcomes.filter((o) => o === "allowed").length, errors: outcomes.filter((o) => o === "error").length });
  await close();
}

async function round(store: string): Promise<{ allowed: number; errors: number }> {
  const key = randomUUID();
  const children = [0, 1].map(() => fork(import.meta.filename, ["--child", store, "--key", key, "--database-url", values["database-url"], "--redis-url", values["redis-url"]]));
  await Promise.all(children.map((c) => new Promise((resolve) => c.once("message", resolve))));
  const results = children.map((c) => new Promise<{ allowed: number; errors: number }>((resolve) => c.once("message", (m: { allowed: number; errors: number }) => resolve(m))));
  for (const c of children) c.send("go");
  const done = await Promise.all(results);
  return { allowed: done.reduce((sum, r) => sum + r.allowed, 0), errors: done.reduce((sum, r) => sum + r.errors, 0) };
}

if (values.child && values.key) {
  await child(values.child, values.key);
} else {
  for (const store of ["postgres", "redis"]) {
    const rounds = [];
    for (let i = 0; i < Number(values.rounds); i++) rounds.push(await round(store));
    console.log(`${store}: allowed per round of 30 (limit ${LIMIT}): ${rounds.map((r) => r.allowed).join(", ")}; errors: ${rounds.map((r) => r.errors).join(", ")}`);
  }
}
