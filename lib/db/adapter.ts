import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv, type Env } from "../env.ts";
import { acquireEmbeddedLock } from "./embedded-lock.ts";

/** The configured database as a Prisma driver adapter factory, for the app's client and the migration runner alike. */
export type DatabaseAdapter =
  | { kind: "server"; description: string; factory: PrismaPg }
  | { kind: "embedded"; description: string; factory: PrismaPGlite; close(): Promise<void> };

/**
 * The one place that chooses the database: PostgreSQL at DATABASE_URL, else the embedded PGlite in
 * STORYSTREAM_DATA_DIR, opened only after taking its lock in the name of `holder`. The embedded
 * database's `close` ends PGlite and releases the lock.
 */
export async function openDatabaseAdapter({
  holder,
  env = getEnv(),
}: {
  holder: string;
  env?: Pick<Env, "DATABASE_URL" | "STORYSTREAM_DATA_DIR"> & Partial<Pick<Env, "DATABASE_POOL_SIZE">>;
}): Promise<DatabaseAdapter> {
  if (env.DATABASE_URL) {
    // pg's default of 10 connections queues a burst of saves and limit checks behind each other.
    const factory = new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
    return { kind: "server", description: describeServer(env.DATABASE_URL), factory };
  }
  const dataDir = env.STORYSTREAM_DATA_DIR;
  const pgliteDir = path.join(dataDir, "pglite");
  const releaseLock = acquireEmbeddedLock(dataDir, holder);
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
    factory: new PrismaPGlite(pglite),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        releaseLock();
      }
    },
  };
}

function describeServer(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres";
  return `PostgreSQL database ${database} on ${url.hostname}:${url.port || "5432"}`;
}
