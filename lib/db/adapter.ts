import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv, type Env } from "../env.ts";
import { acquireEmbeddedLock } from "./embedded-lock.ts";
import { startEmbeddedThread } from "./embedded-thread.ts";

/** The configured database as a Prisma driver adapter factory, for the app's client and the migration runner alike. */
export type DatabaseAdapter =
  | { kind: "server"; description: string; factory: PrismaPg }
  | { kind: "embedded"; description: string; factory: PrismaPGlite; close(): Promise<void> }
  | { kind: "embedded-thread"; description: string; factory: PrismaPg; close(): Promise<void> };

/**
 * The one place that chooses the database: PostgreSQL at DATABASE_URL, else the embedded PGlite in
 * STORYSTREAM_DATA_DIR, opened only after taking its lock in the name of `holder`: on this event
 * loop, or with `thread: "worker"` in a worker thread reached through `pg` (then `onLost` runs if
 * that thread fails). The embedded database's `close` ends PGlite and releases the lock.
 */
export async function openDatabaseAdapter({
  holder,
  env = getEnv(),
  thread = "main",
  onLost,
}: {
  holder: string;
  env?: Pick<Env, "DATABASE_URL" | "STORYSTREAM_DATA_DIR"> & Partial<Pick<Env, "DATABASE_POOL_SIZE">>;
  thread?: Env["EMBEDDED_DATABASE_THREAD"];
  onLost?: (reason: string) => void;
}): Promise<DatabaseAdapter> {
  if (env.DATABASE_URL) {
    // pg's default of 10 connections queues a burst of saves and limit checks behind each other.
    const factory = new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
    return { kind: "server", description: describeServer(env.DATABASE_URL), factory };
  }
  const dataDir = env.STORYSTREAM_DATA_DIR;
  const pgliteDir = path.join(dataDir, "pglite");
  const releaseLock = acquireEmbeddedLock(dataDir, holder);
  if (thread === "worker") return openInWorkerThread({ pgliteDir, connections: env.DATABASE_POOL_SIZE ?? 20, releaseLock, onLost });
  let pglite: PGlite;
  try {
    pglite = new PGlite(path.resolve(pgliteDir));
    await pglite.waitReady;
  } catch (error) {
    releaseLock();
    throw error;
  }
  return {
    kind: "embedded",
    description: `embedded database ${pgliteDir}`,
    factory: new PrismaPGlite(yieldBetweenQueries(pglite)),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        releaseLock();
      }
    },
  };
}

async function openInWorkerThread({
  pgliteDir,
  connections,
  releaseLock,
  onLost,
}: {
  pgliteDir: string;
  connections: number;
  releaseLock: () => void;
  onLost?: (reason: string) => void;
}): Promise<DatabaseAdapter> {
  let released = false;
  const release = () => {
    if (!released) releaseLock();
    released = true;
  };
  try {
    const embedded = await startEmbeddedThread({
      dataDir: path.resolve(pgliteDir),
      // The pool's connections, plus room for one that is closing while its replacement opens.
      connections: connections + 2,
      onLost: (reason) => {
        release();
        onLost?.(reason);
      },
    });
    return {
      kind: "embedded-thread",
      description: `embedded database ${pgliteDir} (in a worker thread)`,
      // PGlite runs one query at a time whatever the pool's size; the pool lets a burst's queries queue in the thread.
      factory: new PrismaPg({ host: embedded.socketDir, user: "postgres", database: "postgres", max: connections }),
      close: async () => {
        try {
          await embedded.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** How long queued embedded queries may hold the event loop before they let it turn. */
const EMBEDDED_SLICE_MS = 4;

/**
 * PGlite runs each query synchronously on the event loop, and queries waiting for it run back to
 * back in one chain of microtasks: under a burst, timers and sockets waited for the whole queue
 * (loop lag p99 81 ms at 1000 streams). Here the top-level queries (and transactions, whole) take
 * turns, and once they have held the loop for EMBEDDED_SLICE_MS, the next one waits for a
 * macrotask first. A hop before every query cost about a fifth of the throughput in the benchmark.
 * Queries inside a transaction go through its own handle.
 */
export function yieldBetweenQueries(pglite: PGlite): PGlite {
  let tail: Promise<unknown> = Promise.resolve();
  let sliceStartedAt = performance.now();
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(async () => {
      if (performance.now() - sliceStartedAt > EMBEDDED_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStartedAt = performance.now();
      }
      return run();
    });
    tail = result.catch(() => undefined);
    return result;
  };
  const query = pglite.query.bind(pglite);
  const exec = pglite.exec.bind(pglite);
  const transaction = pglite.transaction.bind(pglite);
  pglite.query = (...args) => inTurn(() => query(...args));
  pglite.exec = (...args) => inTurn(() => exec(...args));
  pglite.transaction = (...args) => inTurn(() => transaction(...args));
  return pglite;
}

function describeServer(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres";
  return `PostgreSQL database ${database} on ${url.hostname}:${url.port || "5432"}`;
}
