import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT } from "../support/app";
import { TestStack } from "../support/test-stack";
import { setUpStack } from "../support/set-up-test-app";
import type { StoryEvent } from "@/lib/stories/sse";

/** The PostgreSQL server the resilience suite asserts on with direct SQL. */
export const RESILIENCE_SERVER_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export type StoryRow = { id: string; owner_id: string; story_idea: string; content: string; story_length: number };

/** The test stack on a fresh database of its own on the real PostgreSQL server, limits off, with an SQL client to check it. */
export class ResilienceStack extends TestStack {
  #sql: pg.Client | undefined;

  constructor({ env = {} }: { env?: Record<string, string> } = {}) {
    super({ database: { serverUrl: () => RESILIENCE_SERVER_URL }, env: { RATE_LIMIT_DISABLED: "1", ...env } });
  }

  get sql(): pg.Client {
    if (!this.#sql) throw new Error("the SQL client is not connected: use it inside a test or hook");
    return this.#sql;
  }

  override async start(): Promise<void> {
    await super.start();
    this.#sql = new pg.Client({ connectionString: this.database.env.DATABASE_URL });
    await this.#sql.connect();
  }

  override async stop(): Promise<void> {
    await this.#sql?.end().catch(() => undefined);
    await super.stop();
  }

  /** Every saved story whose idea contains `marker` (all of them when empty). */
  async storiesMatching(marker = ""): Promise<StoryRow[]> {
    const { rows } = await this.sql.query<StoryRow>(
      "SELECT id, owner_id, story_idea, content, story_length FROM stories WHERE strpos(story_idea, $1) > 0",
      [marker],
    );
    return rows;
  }
}

export function setUpResilienceApp(options: { env?: Record<string, string> } = {}): ResilienceStack {
  return setUpStack(new ResilienceStack(options));
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
