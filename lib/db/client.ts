import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { acquireEmbeddedLock } from "./embedded-lock";

declare global {
  // One client per process, surviving dev-server module reloads.
  var storystreamPrisma: Promise<PrismaClient> | undefined;
}

async function createClient(): Promise<PrismaClient> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    // pg's default of 10 connections queues a burst of saves and limit checks behind each other.
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE }) });
  }
  const dataDir = path.resolve(env.STORYSTREAM_DATA_DIR);
  acquireEmbeddedLock(dataDir, `next ${env.NODE_ENV === "production" ? "start" : "dev"}`);
  const pglite = new PGlite(path.join(dataDir, "pglite"));
  await pglite.waitReady;
  return new PrismaClient({ adapter: new PrismaPGlite(pglite) });
}

/** The one Prisma client: PostgreSQL when DATABASE_URL is set, else the embedded PGlite in .data/. */
export function getDb(): Promise<PrismaClient> {
  globalThis.storystreamPrisma ??= createClient().catch((error: unknown) => {
    globalThis.storystreamPrisma = undefined;
    throw error;
  });
  return globalThis.storystreamPrisma;
}
