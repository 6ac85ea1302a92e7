import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { createTestDatabase, ROOT, startApp, type TestApp, type TestDatabase } from "../support/app";
import type { StoryEvent } from "@/lib/stories/sse";

/** The PostgreSQL server the resilience suite asserts on with direct SQL. */
export const RESILIENCE_SERVER_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export type StoryRow = { id: string; owner_id: string; story_idea: string; content: string; story_length: number };

export type ResilienceApp = {
  app: TestApp;
  database: TestDatabase;
  sql: pg.Client;
  /** Every saved story whose idea contains `marker` (all of them when empty). */
  storiesMatching: (marker?: string) => Promise<StoryRow[]>;
  stop: () => Promise<void>;
};

/** The built app on a fresh database of its own on the real PostgreSQL server, with an SQL client to check it. */
export async function startResilienceApp({ upstreamURL, env = {} }: { upstreamURL: string; env?: Record<string, string> }): Promise<ResilienceApp> {
  const database = await createTestDatabase({ serverUrl: RESILIENCE_SERVER_URL });
  const app = await startApp({ database, upstreamURL, env: { RATE_LIMIT_DISABLED: "1", ...env } });
  const sql = new pg.Client({ connectionString: database.env.DATABASE_URL });
  await sql.connect();
  return {
    app,
    database,
    sql,
    storiesMatching: async (marker = "") => {
      const { rows } = await sql.query<StoryRow>(
        "SELECT id, owner_id, story_idea, content, story_length FROM stories WHERE strpos(story_idea, $1) > 0",
        [marker],
      );
      return rows;
    },
    stop: async () => {
      await sql.end().catch(() => undefined);
      await app.stop();
      await database.drop();
    },
  };
}

/** A server-log line that reports an unhandled rejection or an uncaught exception. */
export const UNHANDLED = /unhandled ?rejection|uncaught ?exception/i;

export function completedEvent(events: ReadonlyArray<{ event: StoryEvent }>): Extract<StoryEvent, { type: "completed" }> | undefined {
  for (const { event } of events) if (event.type === "completed") return event;
  return undefined;
}

/** Preloads bench/event-loop-probe.ts into the app with --expose-gc: see `memoryAfterGc`. */
export function memoryProbeEnv(probeDir: string): Record<string, string> {
  return { BENCH_PROBE_DIR: probeDir, NODE_OPTIONS: `--expose-gc --import ${path.join(ROOT, "bench", "event-loop-probe.ts")}` };
}

/** The app's RSS and live heap right after a full garbage collection, from its preloaded probe. */
export type MemorySample = { rss: number; heapUsed: number; heapTotal: number; external: number };
export async function memoryAfterGc(pid: number, probeDir: string): Promise<MemorySample> {
  const file = path.join(probeDir, `${pid}.json`);
  const read = (): MemorySample & { sequence: number; gc: boolean } => JSON.parse(readFileSync(file, "utf8"));
  const before = read().sequence;
  process.kill(pid, "SIGUSR2");
  for (let attempt = 0; attempt < 100; attempt++) {
    await sleep(50);
    try {
      const sample = read();
      if (sample.sequence > before) {
        if (!sample.gc) throw new Error("the probe ran without --expose-gc");
        return sample;
      }
    } catch (error) {
      if (error instanceof Error && error.message.includes("expose-gc")) throw error;
      // being written
    }
  }
  throw new Error(`no memory sample from pid ${pid}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
