import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * The repository root: the nearest folder at or above the working directory with a package.json.
 * Not import.meta: Playwright loads this file as CommonJS, where import.meta does not exist.
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
export const ROOT = findRoot(process.cwd());
export const TEST_AUTH_SECRET = "integration-test-secret-0123456789abcdef-0123456789";

/** Which database the integration run uses: set by scripts/test.ts (embedded or postgres). */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = address && typeof address !== "string" ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type TestDatabase = { env: Record<string, string>; describe: string; drop: () => Promise<void> };

/**
 * A migrated embedded database to copy from: creating a PGlite directory costs seconds of
 * initdb, copying one costs milliseconds. Keyed by the migrations, so a new one rebuilds it.
 */
function embeddedTemplate(): string {
  const migrationsDir = path.join(ROOT, "prisma", "migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(migrationsDir, { recursive: true, encoding: "utf8" }).sort()) {
    const file = path.join(migrationsDir, name);
    if (name.endsWith(".sql")) hash.update(name).update(readFileSync(file));
  }
  const template = path.join(tmpdir(), `storystream-template-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(template)) return template;
  const building = mkdtempSync(path.join(tmpdir(), "storystream-template-build-"));
  const result = migrate({ STORYSTREAM_DATA_DIR: building });
  if (result.status !== 0) throw new Error(`could not build the embedded template: ${result.output}`);
  rmSync(path.join(building, "LOCK"), { force: true });
  try {
    renameSync(building, template);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another worker built it first
  }
  return template;
}

/**
 * A fresh, empty database: a temporary PGlite directory, or a new database on `serverUrl`
 * (default: the run's TEST_DATABASE_URL).
 */
export async function createTestDatabase({
  embedded = false,
  serverUrl = testDatabaseUrl(),
}: { embedded?: boolean; serverUrl?: string } = {}): Promise<TestDatabase> {
  if (!serverUrl || embedded) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "storystream-db-"));
    cpSync(embeddedTemplate(), dataDir, { recursive: true });
    return {
      env: { STORYSTREAM_DATA_DIR: dataDir },
      describe: `embedded ${dataDir}`,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `storystream_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    describe: `postgres ${name}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function migrate(env: Record<string, string>): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ["scripts/db-migrate.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export type TestApp = {
  url: string;
  port: number;
  logs: string[];
  /** The first log line that matches, waiting for it: the app writes info lines at the end of its turn. */
  waitForLog: (matches: (line: string) => boolean, timeoutMs?: number) => Promise<string | undefined>;
  process: ChildProcess;
  env: Record<string, string>;
  stop: () => Promise<void>;
};

/**
 * How the suite serves the built app: `next start`, or with TEST_APP_SERVER=node the self-hosting
 * server (server.ts), which serves the story stream itself and the rest through Next.
 */
export type AppServerKind = "next" | "node";

/**
 * The Node.js flags that `npm start` (or `npm run start:server`) of the checkout in `dir` passes, so
 * the suite and the benchmarks run each checkout as it is deployed.
 */
export function productionNodeFlags(dir: string, server: AppServerKind): string[] {
  if (!existsSync(path.join(dir, "package.json"))) return [];
  const { scripts }: { scripts?: Record<string, string> } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const [command, ...args] = (scripts?.[server === "node" ? "start:server" : "start"] ?? "").split(/\s+/);
  if (command !== "node") return [];
  const firstNonFlag = args.findIndex((arg) => !arg.startsWith("--"));
  const flags = firstNonFlag === -1 ? args : args.slice(0, firstNonFlag);
  // A preload named relative to the checkout (`--import=./lib/...`) is that checkout's own file.
  return flags.map((flag) => flag.replace(/^--import=(\.\/.*)$/, (_, file: string) => `--import=${path.join(dir, file)}`));
}

/**
 * The arguments after `node` that serve the built app in `dir` on 127.0.0.1:`port` (the benchmark's
 * servers too), with the Node flags of its start script unless `flags` replaces them.
 */
export function serverCommand({
  dir = ROOT,
  port,
  server,
  flags = productionNodeFlags(dir, server),
}: {
  dir?: string;
  port: number;
  server: AppServerKind;
  flags?: string[];
}): string[] {
  const address = ["-p", String(port), "-H", "127.0.0.1"];
  if (server === "node") return [...flags, path.join(dir, "server.ts"), ...address];
  return [...flags, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", dir, ...address];
}

/** The built app under `next start` (or server.ts: serverCommand), on its own port and database, talking to `upstreamURL`. */
export async function startApp({
  database,
  upstreamURL,
  env = {},
  server = process.env.TEST_APP_SERVER === "node" ? "node" : "next",
}: {
  database: TestDatabase;
  upstreamURL?: string;
  env?: Record<string, string>;
  server?: AppServerKind;
}): Promise<TestApp> {
  const port = await freePort();
  const appEnv: Record<string, string> = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: TEST_AUTH_SECRET,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    OPENAI_MAX_RETRIES: "0",
    STORY_FIRST_TOKEN_TIMEOUT_MS: "1500",
    STORY_IDLE_TIMEOUT_MS: "1500",
    MODERATION_TIMEOUT_MS: "2000",
    // Functional suites create many stories per user; the limits suite sets its own.
    RATE_LIMIT_STORIES_PER_HOUR: "10000",
    RATE_LIMIT_CONCURRENT_STREAMS: "50",
    // Every suite registers many accounts from 127.0.0.1; the throttling suite sets its own ceilings.
    REGISTRATIONS_PER_IP_PER_HOUR: "10000",
    ...(upstreamURL && { OPENAI_BASE_URL: upstreamURL, OPENAI_API_KEY: "sk-test" }),
    ...database.env,
    ...env,
  };
  const migration = migrate(appEnv);
  if (migration.status !== 0) throw new Error(`db:migrate failed: ${migration.output}`);

  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...appEnv };
  if (!upstreamURL) {
    delete childEnv.OPENAI_BASE_URL;
    delete childEnv.OPENAI_API_KEY;
  }
  const child = spawn(process.execPath, serverCommand({ port, server }), {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  // A pipe may cut a line between two chunks; each stream keeps its unfinished tail.
  const collector = () => {
    let tail = "";
    return (data: Buffer) => {
      const lines = (tail + data.toString("utf8")).split("\n");
      tail = lines.pop() ?? "";
      logs.push(...lines.filter(Boolean));
    };
  };
  child.stdout?.on("data", collector());
  child.stderr?.on("data", collector());
  const waitForLog = async (matches: (line: string) => boolean, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = logs.find(matches);
      if (line !== undefined || Date.now() > deadline) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A test that times out before its afterAll must not leave a server running.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${logs.join("\n")}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`next start did not become healthy:\n${logs.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  return {
    url,
    port,
    logs,
    waitForLog,
    process: child,
    env: appEnv,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}
