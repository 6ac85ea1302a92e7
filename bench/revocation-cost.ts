// The added per-request cost of the token revocation check, measured as authenticated GETs against
// two builds in the same run: one from before the check (`--before <dir>`, a built checkout of the
// earlier commit) and this one. Both run under `next start` on fresh databases of the same kind.
//   node bench/revocation-cost.ts --before /tmp/trust-before [--rounds 10] [--per-round 200] [--database-url URL]
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTestDatabase, freePort } from "../test/support/app.ts";

const { values } = parseArgs({
  options: {
    before: { type: "string" },
    after: { type: "string", default: process.cwd() },
    rounds: { type: "string", default: "10" },
    "per-round": { type: "string", default: "200" },
    "database-url": { type: "string" },
  },
});
if (!values.before) throw new Error("--before <dir of a built checkout without the revocation check> is required");

type Server = { name: string; url: string; token: string; child: ChildProcess; cleanup: () => Promise<void> };

/** A fresh database: a new one on --database-url's server, or an empty embedded directory that each build migrates itself. */
async function database(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const serverUrl = values["database-url"];
  if (serverUrl) return createTestDatabase({ serverUrl });
  const dir = mkdtempSync(path.join(tmpdir(), "revocation-cost-"));
  return { env: { STORYSTREAM_DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function start(name: string, dir: string): Promise<Server> {
  const db = await database();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...db.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: "revocation-cost-secret-0123456789abcdef0123456789",
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    RATE_LIMIT_DISABLED: "1",
    MODERATION: "off",
  };
  const migrated = spawnSync(process.execPath, ["scripts/db-migrate.ts"], { cwd: dir, env, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`${name}: migration failed\n${migrated.stdout}${migrated.stderr}`);
  const child: ChildProcess = spawn(process.execPath, [path.join(dir, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, env, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (i > 600) throw new Error(`${name}: next start did not become healthy`);
    if ((await fetch(`${url}/api/health`).catch(() => null))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const json = (body: unknown) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const credentials = { email: "bench@example.com", password: "a long bench password" };
  const registered = await fetch(`${url}/api/v1/auth/register`, json(credentials));
  if (registered.status !== 201) throw new Error(`${name}: register ${registered.status}`);
  const { access_token: token } = await (await fetch(`${url}/api/v1/auth/token`, json(credentials))).json();
  return {
    name,
    url,
    token,
    child,
    cleanup: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      await db.drop();
    },
  };
}

/** One authenticated GET over a fresh keep-alive-free connection, timed from send to last byte. */
function timedGet(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const req = request(`${server.url}/api/v1/stories/?limit=1`, { headers: { Authorization: `Bearer ${server.token}` } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${server.name}: GET answered ${res.statusCode}`));
      res.resume();
      res.on("end", () => resolve(performance.now() - startedAt));
    });
    req.on("error", reject);
    req.end();
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

const servers = [await start("before", values.before), await start("after", values.after)];
try {
  const samples = new Map(servers.map((server) => [server.name, [] as number[]]));
  for (const server of servers) for (let i = 0; i < 100; i++) await timedGet(server); // warm-up
  const rounds = Number(values.rounds);
  const perRound = Number(values["per-round"]);
  for (let round = 0; round < rounds; round++) {
    // Alternating order per round, so a load spike lands on both sides.
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) for (let i = 0; i < perRound; i++) samples.get(server.name)?.push(await timedGet(server));
  }
  const summary = servers.map((server) => {
    const sorted = [...(samples.get(server.name) ?? [])].sort((a, b) => a - b);
    return { name: server.name, n: sorted.length, p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99) };
  });
  const [before, after] = summary;
  console.log(`database: ${values["database-url"] ? "postgres" : "embedded PGlite"}; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const s of summary) console.log(`${s.name.padEnd(6)} n=${s.n}  p50 ${s.p50.toFixed(2)} ms  p90 ${s.p90.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms`);
  if (before && after) console.log(`added by the revocation check: p50 ${(after.p50 - before.p50).toFixed(2)} ms, p90 ${(after.p90 - before.p90).toFixed(2)} ms`);
} finally {
  for (const server of servers) await server.cleanup();
}
