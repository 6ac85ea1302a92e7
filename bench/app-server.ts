import { createTestDatabase, migrate, startApp, type AppServerKind, type TestDatabase } from "../test/support/app.ts";
import { createAccount } from "../test/support/client.ts";
import type { Target, TargetName } from "./load.ts";
import { ensureBuilt, killAll, ROUTE_RELAY_DIR, startNext, startScript, type Server } from "./servers.ts";

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
  server?: AppServerKind;
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

/**
 * What the side-by-side benchmarks (ab.ts, cost-split.ts) measure, each in its own process: the
 * timestamping upstream, the relay, the route relay, then each app build on a fresh database with
 * one account, as targets in that order. `stop` ends them all and drops the databases.
 */
export async function startEngineTargets({
  apps,
  databaseUrl,
  users = 1,
  appEnv = {},
}: {
  apps: Array<{ name: TargetName; dir: string; server?: AppServerKind }>;
  databaseUrl: string | undefined;
  /** Accounts per app; the streams take their tokens in turn. */
  users?: number;
  /** More environment for the app builds (the full run's probe). */
  appEnv?: Record<string, string>;
}): Promise<{ targets: Target[]; stop: () => Promise<void> }> {
  const servers: Server[] = [];
  const databases: TestDatabase[] = [];
  const stop = async () => {
    for (const server of servers.toReversed()) await server.stop();
    for (const database of databases) await database.drop();
    killAll();
  };
  try {
    for (const dir of [ROUTE_RELAY_DIR, ...new Set(apps.map((app) => app.dir))]) ensureBuilt(dir);
    const upstream = await startScript("upstream.ts", {});
    servers.push(upstream);
    const upstreamURL = `${upstream.url}/v1`;
    const relay = await startScript("baseline-relay.ts", { UPSTREAM_URL: upstreamURL });
    servers.push(relay);
    const routeRelay = await startNext({ dir: ROUTE_RELAY_DIR, env: { UPSTREAM_URL: upstreamURL } });
    servers.push(routeRelay);
    const targets: Target[] = [
      { name: "relay", url: relay.url, pid: relay.child.pid ?? 0, tokens: [] },
      { name: "route relay", url: routeRelay.url, pid: routeRelay.child.pid ?? 0, tokens: [] },
    ];
    for (const { name, dir, server } of apps) {
      const app = await startAppBuild({ dir, databaseUrl, upstreamURL, env: { ...ENGINE_BENCH_ENV, ...appEnv }, server });
      servers.push(app);
      databases.push(app.database);
      const tokens: string[] = [];
      for (let i = 0; i < users; i++) tokens.push((await createAccount(app.url)).token);
      targets.push({ name, url: app.url, pid: app.child.pid ?? 0, tokens });
    }
    return { targets, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
