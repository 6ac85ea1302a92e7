import { createTestDatabase, migrate, startApp, type TestDatabase } from "../test/support/app.ts";
import { startNext, type Server } from "./servers.ts";

/** The app as the engine measurements run it. */
export const ENGINE_BENCH_ENV = {
  RATE_LIMIT_DISABLED: "1",
  // Engine against engine: the relays check nothing, so neither does the app here (the gate phase turns it on).
  MODERATION: "off",
  // The baseline makes one upstream call per story; so does the app when summaries wait for a next chapter.
  SERIES_SUMMARIES: "on-demand",
  OPENAI_MAX_RETRIES: "0",
  STORY_FIRST_TOKEN_TIMEOUT_MS: "30000",
  STORY_IDLE_TIMEOUT_MS: "20000",
};

export type AppServer = Server & { env: Record<string, string>; database: TestDatabase };

/**
 * A built checkout under `next start` (or its server.ts) on a fresh, migrated database of its own (the caller drops
 * it). startApp gives the app's full test environment (secrets, migrated database); `next start`
 * runs here, so it can take node flags and another checkout.
 */
export async function startAppBuild({
  dir,
  databaseUrl,
  upstreamURL,
  env,
  nodeArgs = [],
  server = "next",
}: {
  dir: string;
  databaseUrl: string | undefined;
  upstreamURL: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  server?: "next" | "node";
}): Promise<AppServer> {
  const database = await createTestDatabase({ serverUrl: databaseUrl });
  const probeApp = await startApp({ database, upstreamURL, env });
  await probeApp.stop();
  const appEnv = { ...probeApp.env, ...database.env };
  if (migrate(appEnv).status !== 0) {
    await database.drop();
    throw new Error(`migrating ${dir} failed`);
  }
  const started = await startNext({ dir, env: appEnv, nodeArgs, server });
  return { ...started, env: appEnv, database };
}
