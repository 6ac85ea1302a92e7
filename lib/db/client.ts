import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { logEvent } from "@/lib/log";
import { openDatabaseAdapter } from "./adapter";

declare global {
  // One client per process, surviving dev-server module reloads.
  var storystreamPrisma: Promise<PrismaClient> | undefined;
}

async function createClient(): Promise<PrismaClient> {
  const env = getEnv();
  const database = await openDatabaseAdapter({
    holder: `next ${env.NODE_ENV === "production" ? "start" : "dev"}`,
    env,
    thread: env.EMBEDDED_DATABASE_THREAD,
    onLost: (reason) => {
      logEvent("error", "embedded_database_lost", { reason });
      // The next query opens it again.
      globalThis.storystreamPrisma = undefined;
      void client.$disconnect().catch(() => undefined);
    },
  });
  const client = new PrismaClient({ adapter: database.factory });
  return client;
}

/** The one Prisma client: PostgreSQL when DATABASE_URL is set, else the embedded PGlite in .data/. */
export function getDb(): Promise<PrismaClient> {
  globalThis.storystreamPrisma ??= createClient().catch((error: unknown) => {
    globalThis.storystreamPrisma = undefined;
    throw error;
  });
  return globalThis.storystreamPrisma;
}
