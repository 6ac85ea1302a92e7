// `npm run bench:scale-out [-- --quick] [--database-url postgresql://...] [--redis-url redis://...]`
// Beyond one machine, shown on this one: the app as one process, and as two processes behind nginx
// (Debian's package, `apt-get install nginx`) sharing one PostgreSQL database and one Redis, with
// the same upstream and clients as `npm run bench`. Reports throughput and latency of each, and
// checks that the per-user limits stay exact across the two processes. Writes
// bench/results/<date>-scale-out.md. See bench/README.md.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, freePort, migrate, ROOT, startApp, type TestDatabase } from "../test/support/app.ts";
import { createAccount } from "../test/support/client.ts";
import { allDelays, closedLoop, completed, concurrent, failures, pick, refused, stream, type Target } from "./load.ts";
import { Report } from "./report.ts";
import { lagMs, withResources, type ResourceUse } from "./resources.ts";
import { ensureBuilt, killAll, startNext, startScript, type Server } from "./servers.ts";
import type { StreamRecord } from "./sse-client.ts";
import { distribution, ms } from "./stats.ts";
import { args, option, flag } from "./args.ts";

const quick = flag("--quick");
const databaseUrl = option("--database-url") ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = option("--redis-url") ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PLAN = quick ? { users: 5, ladder: [100, 500], throughput: 500 } : { users: 20, ladder: [100, 500, 1000, 2000], throughput: 2000 };
const LADDER_STORY = "bench:40:100";
const FAST_STORY = "bench:20:0";
const RAMP_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Balancer = { url: (instances: 1 | 2) => string; stop: () => Promise<void> };

/** nginx in front of the app processes: one site per topology, streaming unbuffered. */
async function startNginx(appPorts: number[]): Promise<Balancer> {
  const prefix = mkdtempSync(path.join(tmpdir(), "storystream-nginx-"));
  const [onePort, twoPort] = [await freePort(), await freePort()];
  const servers = (ports: number[]) => ports.map((port) => `server 127.0.0.1:${port};`).join(" ");
  const config = `
worker_processes auto;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  # Streams are long and uneven: send each new one to the process with the fewest open.
  upstream one { least_conn; ${servers(appPorts.slice(0, 1))} keepalive 256; }
  upstream two { least_conn; ${servers(appPorts)} keepalive 256; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host $host;
  # The app reads the first X-Forwarded-For hop as the client address: nginx overwrites it.
  proxy_set_header X-Forwarded-For $remote_addr;
  proxy_buffering off;
  proxy_request_buffering off;
  proxy_read_timeout 300s;
  server { listen 127.0.0.1:${onePort}; location / { proxy_pass http://one; } }
  server { listen 127.0.0.1:${twoPort}; location / { proxy_pass http://two; } }
}
`;
  writeFileSync(path.join(prefix, "nginx.conf"), config);
  const child = spawn("nginx", ["-p", prefix, "-c", path.join(prefix, "nginx.conf")], { stdio: ["ignore", "inherit", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let attempt = 0; ; attempt++) {
    const up = await fetch(`http://127.0.0.1:${twoPort}/api/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) break;
    if (attempt > 100 || child.exitCode !== null) throw new Error("nginx did not start (is it installed? apt-get install -y nginx)");
    await sleep(100);
  }
  return {
    url: (instances) => `http://127.0.0.1:${instances === 1 ? onePort : twoPort}`,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** Two `next start` processes on one database and one Redis, with the given limits. */
async function startInstances(database: TestDatabase, upstreamURL: string, env: Record<string, string>): Promise<Array<Server & { env: Record<string, string> }>> {
  const probeApp = await startApp({ database, upstreamURL, env });
  await probeApp.stop();
  const appEnv = { ...probeApp.env, ...database.env, REDIS_URL: redisUrl };
  if (migrate(appEnv).status !== 0) throw new Error("migration failed");
  return Promise.all([0, 1].map(async () => ({ ...(await startNext({ dir: ROOT, env: appEnv })), env: appEnv })));
}

type Row = { topology: string; streams: number; records: Awaited<ReturnType<typeof concurrent>>; resources: ResourceUse[]; seconds?: number };

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  ensureBuilt(ROOT);
  const probeDir = mkdtempSync(path.join(tmpdir(), "storystream-bench-probe-"));
  const upstream = await startScript("upstream.ts", {});
  const database = await createTestDatabase({ serverUrl: databaseUrl });
  const stops: Array<() => Promise<void>> = [];
  const report = new Report();
  try {
    const loadEnv = {
      BENCH_PROBE_DIR: probeDir,
      NODE_OPTIONS: `--import ${path.join(ROOT, "bench", "event-loop-probe.ts")}`,
      RATE_LIMIT_DISABLED: "1",
      MODERATION: "off",
      STORY_FIRST_TOKEN_TIMEOUT_MS: "30000",
      STORY_IDLE_TIMEOUT_MS: "20000",
    };
    const instances = await startInstances(database, `${upstream.url}/v1`, loadEnv);
    stops.push(...instances.map((instance) => instance.stop));
    const nginx = await startNginx(instances.map((instance) => instance.port));
    stops.push(nginx.stop);
    const pids = instances.map((instance) => instance.child.pid ?? 0);
    const tokens: string[] = [];
    for (let i = 0; i < PLAN.users; i++) tokens.push((await createAccount(nginx.url(2))).token);
    const topologies: Array<{ name: string; target: Target; pids: number[] }> = [
      { name: "1 process, direct", target: { name: "StoryStream", url: instances[0]?.url ?? "", pid: pids[0] ?? 0, tokens }, pids: pids.slice(0, 1) },
      { name: "1 process behind nginx", target: { name: "StoryStream", url: nginx.url(1), pid: pids[0] ?? 0, tokens }, pids: pids.slice(0, 1) },
      { name: "2 processes behind nginx", target: { name: "StoryStream", url: nginx.url(2), pid: pids[0] ?? 0, tokens }, pids },
    ];
    const measured = async <T>(measurePids: number[], work: () => Promise<T>) => {
      // One probe window per process; the work runs inside the innermost.
      const resources: ResourceUse[] = [];
      const wrap = (index: number): Promise<T> =>
        index === measurePids.length
          ? work()
          : withResources(probeDir, measurePids[index] ?? 0, () => wrap(index + 1)).then(({ value, resources: used }) => (resources.unshift(used), value));
      return { value: await wrap(0), resources };
    };
    for (const topology of topologies) await concurrent(topology.target, 50, "bench:40:20", `warm-up: ${topology.name}`, { rampMs: 1000 });

    const rows: Row[] = [];
    for (const streams of PLAN.ladder) {
      for (const topology of topologies) {
        const { value: records, resources } = await measured(topology.pids, () => concurrent(topology.target, streams, LADDER_STORY, `${streams} streams: ${topology.name}`, { rampMs: RAMP_MS }));
        rows.push({ topology: topology.name, streams, records, resources });
        await sleep(1000);
      }
    }
    const throughput: Row[] = [];
    for (const topology of topologies) {
      const { value, resources } = await measured(topology.pids, () => closedLoop(topology.target, PLAN.throughput, 100, FAST_STORY, `throughput: ${topology.name}`));
      throughput.push({ topology: topology.name, streams: 100, records: value.records, resources, seconds: value.seconds });
    }
    for (const stop of stops.splice(0)) await stop();

    // Limits on, through nginx to both processes: a user's hourly allowance and concurrency cap are exact.
    const limited = await startInstances(database, `${upstream.url}/v1`, { MODERATION: "off", RATE_LIMIT_STORIES_PER_HOUR: "10", RATE_LIMIT_CONCURRENT_STREAMS: "3" });
    stops.push(...limited.map((instance) => instance.stop));
    const limitedNginx = await startNginx(limited.map((instance) => instance.port));
    stops.push(limitedNginx.stop);
    const limitTarget = async (): Promise<Target> => ({ name: "StoryStream", url: limitedNginx.url(2), pid: 0, tokens: [(await createAccount(limitedNginx.url(2))).token] });
    const capUser = await limitTarget();
    const concurrentCap = await Promise.all(Array.from({ length: 8 }, () => stream(capUser, "bench:20:100")));
    // One at a time, so only the hourly allowance can refuse; nginx spreads them over both processes.
    const hourUser = await limitTarget();
    const hourly: StreamRecord[] = [];
    for (let i = 0; i < 30; i++) hourly.push(await stream(hourUser, "bench:5:0"));

    // ---------- report ----------
    report.print(`# StoryStream scale-out benchmark, ${startedAt.toISOString()}${quick ? " (quick)" : ""}`);
    report.print();
    report.print(`Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}; PostgreSQL ${database.describe.replace(/^postgres /, "")}, Redis ${redisUrl} (limit counters). nginx ${"(least_conn, proxy_buffering off)"} on the same machine: with 2 cores, the second process competes with nginx, the upstream and the clients for CPU.`);
    report.print(`Machine load average (1 min) at the start ${loadAtStart.toFixed(2)}, at the end ${(loadavg()[0] ?? Number.NaN).toFixed(2)}.`);
    report.print();
    report.print(`## Concurrency (40 tokens, 100 ms apart, opened over ${RAMP_MS} ms)`);
    report.print();
    report.table(
      ["streams", "topology", "completed", "refused (503)", "other", "added p50", "added p99", "started p99", "loop lag p99 (per process)", "peak RSS MB (per process)", "CPU % (per process)"],
      rows.map((row) => {
        const delays = distribution(allDelays(row.records));
        const other = row.records.filter((r) => r.outcome !== "completed" && r.status !== 503);
        return [
          String(row.streams),
          row.topology,
          `${completed(row.records).length}/${row.streams}`,
          String(refused(row.records).length),
          other.length ? `${other.length} (${failures(other)})` : "0",
          ms(delays.p50),
          ms(delays.p99),
          ms(distribution(pick(row.records, "toStarted")).p99),
          row.resources.map((r) => ms(lagMs(r.lag, "p99"))).join(" / "),
          row.resources.map((r) => ms(r.peakRssMb, 0)).join(" / "),
          row.resources.map((r) => ms(r.cpuPercent, 0)).join(" / "),
        ];
      }),
    );
    report.print(`## Throughput (20 tokens, no delay; 100 clients in a closed loop)`);
    report.print();
    report.table(
      ["topology", "completed", "stories/s", "time to started p50", "p99", "CPU % (per process)"],
      throughput.map((row) => {
        const started = distribution(pick(row.records, "toStarted"));
        return [row.topology, `${completed(row.records).length}/${PLAN.throughput}`, ms(completed(row.records).length / (row.seconds ?? Number.NaN), 1), ms(started.p50), ms(started.p99), row.resources.map((r) => ms(r.cpuPercent, 0)).join(" / ")];
      }),
    );
    report.print(`## Limits across both processes, through nginx (10 stories per hour, 3 at once)`);
    report.print();
    const statusCounts = (records: StreamRecord[]) => {
      const counts = new Map<string, number>();
      for (const r of records) counts.set(String(r.status ?? (r.outcome === "completed" ? 200 : r.outcome)), (counts.get(String(r.status ?? (r.outcome === "completed" ? 200 : r.outcome))) ?? 0) + 1);
      return [...counts].map(([status, n]) => `${n}x ${status}`).join(", ");
    };
    report.print(`- One user, 8 simultaneous streams, cap 3: ${statusCounts(concurrentCap)} (exact when 3 completed).`);
    report.print(`- Another user, 30 requests one after the other, 10 per hour: ${statusCounts(hourly)} (exact when 10 completed).`);
    report.print();
    const resultsFile = path.join(ROOT, "bench", "results", `${startedAt.toISOString().slice(0, 10)}-scale-out${quick ? "-quick" : ""}.md`);
    report.lines.push(`Made by \`npm run bench:scale-out${args.length ? ` -- ${args.join(" ")}` : ""}\` in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s.`, "");
    writeFileSync(resultsFile, `${report.lines.join("\n")}\n`);
    console.error(`\nWrote ${path.relative(ROOT, resultsFile)}.`);
  } finally {
    for (const stop of stops) await stop();
    await upstream.stop();
    await database.drop();
    rmSync(probeDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  killAll("SIGKILL");
  process.exitCode = 1;
});
