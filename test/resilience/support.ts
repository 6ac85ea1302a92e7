import { readFileSync } from "node:fs";
import pg from "pg";
import { createTestDatabase, startApp, type TestApp, type TestDatabase } from "../support/app";
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
  const database = await createTestDatabase(RESILIENCE_SERVER_URL);
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

/** Resident set size of a process, in bytes, from /proc. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
