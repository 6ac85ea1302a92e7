// `npm run bench [-- --quick] [--database-url postgresql://...] [--cpu-prof] [--max-concurrency N]`
// Starts, on 127.0.0.1: the built app under `next start` on a fresh database, a timestamping
// OpenAI-compatible upstream, and a minimal node:http relay as the baseline, each in a process of
// its own; drives both with the same HTTP clients from this process; prints a summary and writes
// bench/results/<date>.md with SVG charts. See bench/README.md.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createTestDatabase, freePort, ROOT, startApp, type TestApp } from "../test/support/app.ts";
import { createAccount, storyBody } from "../test/support/client.ts";
import { openStream, type StreamRecord } from "./sse-client.ts";
import { distribution, ms, table, type Distribution } from "./stats.ts";
import { lineChart } from "./svg-chart.ts";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const quick = flag("--quick");
const cpuProfile = flag("--cpu-prof");
const databaseUrl = option("--database-url") ?? (process.env.DATABASE_URL || undefined);
const maxConcurrency = Number(option("--max-concurrency") ?? (quick ? 250 : 2000));

const PLAN = quick
  ? { users: 5, warmup: 20, idle: 30, burst: 100, burstRounds: 1, ladder: [50, 100, 250], throughput: 200, throughputConcurrency: 25 }
  : { users: 20, warmup: 100, idle: 200, burst: 100, burstRounds: 3, ladder: [50, 100, 250, 500, 1000, 1500, 2000], throughput: 2000, throughputConcurrency: 50 };
// Stories for latency: 40 tokens, one every 50 ms (2 s); for the ladder: 40 tokens, 100 ms apart
// (4 s), opened over 1 s so every stream of a rung is open at once; for throughput: no delay.
const LATENCY_STORY = "bench:40:50";
const LADDER_STORY = "bench:40:100";
const FAST_STORY = "bench:20:0";
const IDLE_STORY = "bench:3:0";
const LADDER_RAMP_MS = 1000;
const STREAM_TIMEOUT_MS = 120_000;
const LOOP_RESOLUTION_MS = 10;

type Target = { name: "StoryStream" | "baseline"; url: string; pid: number };
type ProbeSample = { sequence: number; count: number; p50: number; p90: number; p99: number; max: number; mean: number };

const probeDir = mkdtempSync(path.join(tmpdir(), "storystream-bench-probe-"));
const profileDir = path.join(ROOT, "bench", "results", "profiles");
const children: ChildProcess[] = [];
const driverLag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
driverLag.enable();

const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

// ---------- progress on stderr ----------
let progressLabel = "";
let progressTotal = 0;
let progressDone = 0;
let progressDrawn = 0;
function progressStart(label: string, total: number): void {
  progressLabel = label;
  progressTotal = total;
  progressDone = 0;
  progressDrawn = 0;
  drawProgress(true);
}
function progressTick(): void {
  progressDone++;
  drawProgress(progressDone === progressTotal);
}
function drawProgress(force: boolean): void {
  const nowMs = Date.now();
  if (!force && nowMs - progressDrawn < 100) return;
  progressDrawn = nowMs;
  const width = 30;
  const filled = progressTotal === 0 ? width : Math.round((progressDone / progressTotal) * width);
  const bar = `${"#".repeat(filled)}${".".repeat(width - filled)}`;
  const line = `${progressLabel.padEnd(38)} [${bar}] ${progressDone}/${progressTotal}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${progressDone === progressTotal ? "\n" : ""}`);
  else if (progressDone === progressTotal) process.stderr.write(`${line}\n`);
}

// ---------- processes ----------
function spawnServer(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(ROOT, "bench", script)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 15 s`)), 15_000);
    let output = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (text: string) => {
      output += text;
      const match = /"listening":(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

const probeOptions = `--import ${path.join(ROOT, "bench", "event-loop-probe.ts")}`;

/** Event-loop delay of a server since the previous call, from its preloaded probe. */
async function readProbe(pid: number): Promise<ProbeSample | undefined> {
  const file = path.join(probeDir, `${pid}.json`);
  let before = -1;
  try {
    const previous: ProbeSample = JSON.parse(readFileSync(file, "utf8"));
    before = previous.sequence;
  } catch {
    return undefined;
  }
  process.kill(pid, "SIGUSR2");
  for (let attempt = 0; attempt < 50; attempt++) {
    await sleep(20);
    try {
      const sample: ProbeSample = JSON.parse(readFileSync(file, "utf8"));
      if (sample.sequence > before) return sample;
    } catch {
      // being written
    }
  }
  return undefined;
}

// ---------- /proc sampling ----------
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
function procSample(pid: number): { rssMb: number; cpuSeconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return { rssMb: rssKb / 1024, cpuSeconds };
  } catch {
    return undefined;
  }
}

type ResourceUse = { peakRssMb: number; endRssMb: number; cpuPercent: number; lag?: ProbeSample };
async function withResources<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; resources: ResourceUse }> {
  await readProbe(pid); // starts a fresh histogram
  const first = procSample(pid);
  const startedAt = performance.now();
  let peakRssMb = first?.rssMb ?? Number.NaN;
  const sampler = setInterval(() => {
    const sample = procSample(pid);
    if (sample) peakRssMb = Math.max(peakRssMb, sample.rssMb);
  }, 200);
  try {
    const value = await work();
    const last = procSample(pid);
    const seconds = (performance.now() - startedAt) / 1000;
    const lag = await readProbe(pid);
    return {
      value,
      resources: {
        peakRssMb: Math.max(peakRssMb, last?.rssMb ?? 0),
        endRssMb: last?.rssMb ?? Number.NaN,
        cpuPercent: first && last ? ((last.cpuSeconds - first.cpuSeconds) / seconds) * 100 : Number.NaN,
        lag,
      },
    };
  } finally {
    clearInterval(sampler);
  }
}

// ---------- load shapes ----------
const tokens: string[] = [];
let requestCounter = 0;
function bodyFor(target: Target, schedule: string): object {
  requestCounter++;
  return storyBody({ story_name: `Bench ${requestCounter}`, story_idea: `${schedule} a benchmark story for ${target.name}` });
}
function stream(target: Target, schedule: string): Promise<StreamRecord> {
  const token = target.name === "StoryStream" ? tokens[requestCounter % tokens.length] : undefined;
  return openStream({ url: `${target.url}/api/v1/stories/generate-stream/`, token, body: bodyFor(target, schedule), timeoutMs: STREAM_TIMEOUT_MS });
}

async function sequential(target: Target, count: number, schedule: string, label: string): Promise<StreamRecord[]> {
  progressStart(label, count);
  const records: StreamRecord[] = [];
  for (let i = 0; i < count; i++) {
    records.push(await stream(target, schedule));
    progressTick();
  }
  return records;
}

async function concurrent(target: Target, count: number, schedule: string, label: string, rampMs = 0): Promise<StreamRecord[]> {
  progressStart(label, count);
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      if (rampMs > 0) await sleep((i / count) * rampMs);
      const record = await stream(target, schedule);
      progressTick();
      return record;
    }),
  );
}

async function closedLoop(target: Target, count: number, workers: number, schedule: string, label: string): Promise<{ records: StreamRecord[]; seconds: number }> {
  progressStart(label, count);
  const records: StreamRecord[] = [];
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) {
        next++;
        records.push(await stream(target, schedule));
        progressTick();
      }
    }),
  );
  return { records, seconds: (performance.now() - startedAt) / 1000 };
}

const completed = (records: readonly StreamRecord[]) => records.filter((r) => r.outcome === "completed");
const allDelays = (records: readonly StreamRecord[]) => records.flatMap((r) => r.delays);
const pick = (records: readonly StreamRecord[], field: "toStarted" | "toFirstWord" | "lastContentToCompleted") =>
  records.flatMap((r) => (r[field] === undefined ? [] : [r[field]]));
const failures = (records: readonly StreamRecord[]) => {
  const counts = new Map<string, number>();
  for (const r of records) if (r.outcome !== "completed") counts.set(`${r.outcome}: ${r.detail ?? ""}`, (counts.get(`${r.outcome}: ${r.detail ?? ""}`) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n}x ${reason}`).join("; ");
};

/** Stories each bench user has saved, read back through the API. */
async function countSavedStories(app: TestApp): Promise<number> {
  let total = 0;
  for (const token of tokens) {
    let cursor: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await fetch(`${app.url}/api/v1/stories/?limit=100${query}`, { headers: { Authorization: `Bearer ${token}` } });
      const body: { stories: unknown[]; next_cursor: string | null } = await res.json();
      total += body.stories.length;
      cursor = body.next_cursor;
      if (!cursor) break;
    }
  }
  return total;
}

// ---------- main ----------
type LadderRung = { concurrency: number; target: Target["name"]; records: StreamRecord[]; resources: ResourceUse };

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    console.error("No production build in .next: running `next build` first.");
    const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const upstream = await spawnServer("upstream.ts", { PORT: String(await freePort()) });
  const upstreamURL = `http://127.0.0.1:${upstream.port}/v1`;
  const baselineProcess = await spawnServer("baseline-relay.ts", { PORT: String(await freePort()), UPSTREAM_URL: upstreamURL, BENCH_PROBE_DIR: probeDir, NODE_OPTIONS: probeOptions });
  const database = await createTestDatabase({ serverUrl: databaseUrl });
  if (cpuProfile) mkdirSync(profileDir, { recursive: true });
  const app = await startApp({
    database,
    upstreamURL,
    env: {
      BENCH_PROBE_DIR: probeDir,
      NODE_OPTIONS: [probeOptions, cpuProfile ? `--cpu-prof --cpu-prof-dir=${profileDir}` : ""].join(" ").trim(),
      RATE_LIMIT_DISABLED: "1",
      // The timestamping upstream has no /v1/moderations; the baseline relay checks nothing either.
      MODERATION: "off",
      // The baseline makes one upstream call per story; so does the app when summaries wait for a next chapter.
      SERIES_SUMMARIES: "on-demand",
      OPENAI_MAX_RETRIES: "0",
      STORY_FIRST_TOKEN_TIMEOUT_MS: "30000",
      STORY_IDLE_TIMEOUT_MS: "20000",
    },
  });
  const appPid = app.process.pid ?? 0;
  const baselinePid = baselineProcess.child.pid ?? 0;
  if (!existsSync(path.join(probeDir, `${appPid}.json`))) throw new Error("the event-loop probe did not load in the app process");
  const storystream: Target = { name: "StoryStream", url: app.url, pid: appPid };
  const baseline: Target = { name: "baseline", url: `http://127.0.0.1:${baselineProcess.port}`, pid: baselinePid };
  const targets = [baseline, storystream];
  const out: string[] = [];
  const print = (text = "") => {
    console.log(text);
    out.push(text);
  };

  try {
    progressStart(`registering ${PLAN.users} users`, PLAN.users);
    for (let i = 0; i < PLAN.users; i++) {
      tokens.push((await createAccount(app.url)).token);
      progressTick();
    }
    driverLag.reset(); // set-up (a synchronous migration) is not part of the measurement
    let storyStreamCompleted = 0;
    const countCompleted = (target: Target, records: StreamRecord[]) => {
      if (target.name === "StoryStream") storyStreamCompleted += completed(records).length;
      return records;
    };
    for (const target of targets) countCompleted(target, await concurrent(target, PLAN.warmup, LATENCY_STORY, `warm-up ${target.name}`, 1000));

    // 1. Idle time to `started`: one request at a time.
    const idle = new Map<string, StreamRecord[]>();
    for (const target of targets) idle.set(target.name, countCompleted(target, await sequential(target, PLAN.idle, IDLE_STORY, `idle, one at a time: ${target.name}`)));

    // 2. 100 streams opened at once: time to started, first word, added delay per event.
    const burst = new Map<string, StreamRecord[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < PLAN.burstRounds; round++) {
      for (const target of targets) {
        const records = countCompleted(target, await concurrent(target, PLAN.burst, LATENCY_STORY, `${PLAN.burst} at once, round ${round + 1}: ${target.name}`));
        burst.get(target.name)?.push(...records);
        await sleep(500);
      }
    }

    // 3. Concurrency ladder.
    const ladder: LadderRung[] = [];
    const rungs = PLAN.ladder.filter((n) => n <= maxConcurrency);
    for (const concurrency of rungs) {
      let holds = true;
      for (const target of targets) {
        const { value: records, resources } = await withResources(target.pid, () =>
          concurrent(target, concurrency, LADDER_STORY, `ladder ${concurrency}: ${target.name}`, LADDER_RAMP_MS),
        );
        countCompleted(target, records);
        ladder.push({ concurrency, target: target.name, records, resources });
        if (target.name === "StoryStream" && completed(records).length < concurrency) holds = false;
        await sleep(1000);
      }
      if (!holds && concurrency >= 1000) break;
    }

    // 4. Throughput with a fast upstream.
    const throughput = new Map<string, { records: StreamRecord[]; seconds: number; resources: ResourceUse }>();
    for (const target of targets) {
      const { value, resources } = await withResources(target.pid, () => closedLoop(target, PLAN.throughput, PLAN.throughputConcurrency, FAST_STORY, `throughput: ${target.name}`));
      countCompleted(storystream === target ? target : baseline, value.records);
      throughput.set(target.name, { ...value, resources });
    }

    const saved = await countSavedStories(app);
    const generationLogs = app.logs.filter((line) => line.includes('"story_generation"'));
    const unhandled = app.logs.filter((line) => /unhandled|uncaught/i.test(line));

    // ---------- report ----------
    const cpuModel = cpus()[0]?.model ?? "unknown CPU";
    const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
    print(`# StoryStream benchmark, ${startedAt.toISOString()}${quick ? " (quick)" : ""}`);
    print();
    print(`Commit ${commit}, Node ${process.version}, ${cpus().length} x ${cpuModel}, database: ${database.describe.replace(/ .*/, "")}${databaseUrl ? "" : " (embedded PGlite)"}.`);
    print(`Upstream, app, baseline relay and clients each in their own process on 127.0.0.1. Times in ms.`);
    print(`Machine load average (1 min) at the start ${loadAtStart.toFixed(2)}, at the end ${(loadavg()[0] ?? Number.NaN).toFixed(2)}: other work on this shared machine competes for the 2 cores.`);
    print();
    const distRow = (label: string, name: string, d: Distribution) => [label, name, String(d.count), ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max)];
    const DIST_HEADERS = ["measure", "server", "n", "p50", "p90", "p99", "max"];

    print(`## Latency`);
    print();
    const latencyRows: string[][] = [];
    for (const target of targets) latencyRows.push(distRow("time to started, idle (one at a time)", target.name, distribution(pick(idle.get(target.name) ?? [], "toStarted"))));
    for (const target of targets) latencyRows.push(distRow(`time to started, ${PLAN.burst} opened at once`, target.name, distribution(pick(burst.get(target.name) ?? [], "toStarted"))));
    for (const target of targets) latencyRows.push(distRow(`time to first word, ${PLAN.burst} streams`, target.name, distribution(pick(burst.get(target.name) ?? [], "toFirstWord"))));
    for (const target of targets) latencyRows.push(distRow(`added delay per event, ${PLAN.burst} streams`, target.name, distribution(allDelays(burst.get(target.name) ?? []))));
    print(table(DIST_HEADERS, latencyRows));
    print();

    const compare = (label: string, a: Distribution, b: Distribution) => [
      label,
      ms(a.p50),
      ms(b.p50),
      ms(a.p50 - b.p50),
      `${(a.p50 / b.p50).toFixed(2)}x`,
      ms(a.p99),
      ms(b.p99),
      ms(a.p99 - b.p99),
      `${(a.p99 / b.p99).toFixed(2)}x`,
    ];
    const ss = (m: Map<string, StreamRecord[]>) => m.get("StoryStream") ?? [];
    const bl = (m: Map<string, StreamRecord[]>) => m.get("baseline") ?? [];
    print(`## StoryStream against the baseline`);
    print();
    print(
      table(
        ["measure", "SS p50", "base p50", "diff", "ratio", "SS p99", "base p99", "diff", "ratio"],
        [
          compare(`added delay per event, ${PLAN.burst} streams`, distribution(allDelays(ss(burst))), distribution(allDelays(bl(burst)))),
          compare("time to started, idle", distribution(pick(ss(idle), "toStarted")), distribution(pick(bl(idle), "toStarted"))),
          compare(`time to started, ${PLAN.burst} at once`, distribution(pick(ss(burst), "toStarted")), distribution(pick(bl(burst), "toStarted"))),
          compare("time to first word", distribution(pick(ss(burst), "toFirstWord")), distribution(pick(bl(burst), "toFirstWord"))),
        ],
      ),
    );
    print();

    print(`## Concurrency ladder`);
    print();
    print(`Each stream: 40 tokens, 100 ms apart; a rung's streams are opened over ${LADDER_RAMP_MS} ms. Event-loop lag is the delay beyond the probe's ${LOOP_RESOLUTION_MS} ms timer, measured inside the server; RSS is the peak during the rung; CPU is the server process's share of one core.`);
    print();
    const lag = (sample: ProbeSample | undefined, field: "p50" | "p99" | "max") => (sample ? Math.max(0, sample[field] - LOOP_RESOLUTION_MS) : Number.NaN);
    print(
      table(
        ["streams", "server", "completed", "added p50", "added p99", "added max", "started p99", "loop lag p50", "loop lag p99", "loop lag max", "peak RSS MB", "CPU %"],
        ladder.map((rung) => {
          const delays = distribution(allDelays(rung.records));
          return [
            String(rung.concurrency),
            rung.target,
            `${completed(rung.records).length}/${rung.concurrency}${completed(rung.records).length < rung.concurrency ? ` (${failures(rung.records)})` : ""}`,
            ms(delays.p50),
            ms(delays.p99),
            ms(delays.max),
            ms(distribution(pick(rung.records, "toStarted")).p99),
            ms(lag(rung.resources.lag, "p50")),
            ms(lag(rung.resources.lag, "p99")),
            ms(lag(rung.resources.lag, "max")),
            ms(rung.resources.peakRssMb, 0),
            ms(rung.resources.cpuPercent, 0),
          ];
        }),
      ),
    );
    print();

    print(`## Throughput (fast upstream: 20 tokens, no delay; ${PLAN.throughputConcurrency} clients in a closed loop)`);
    print();
    const tput = (name: string) => throughput.get(name);
    print(
      table(
        ["server", "completed", "seconds", "stories/s", "last content -> completed p50", "p99", "CPU %", "peak RSS MB"],
        targets.map((t) => {
          const run = tput(t.name);
          const done = completed(run?.records ?? []).length;
          const gap = distribution(pick(run?.records ?? [], "lastContentToCompleted"));
          return [t.name, `${done}/${PLAN.throughput}`, ms(run?.seconds ?? Number.NaN, 1), ms(done / (run?.seconds ?? Number.NaN), 1), ms(gap.p50), ms(gap.p99), ms(run?.resources.cpuPercent ?? Number.NaN, 0), ms(run?.resources.peakRssMb ?? Number.NaN, 0)];
        }),
      ),
    );
    print();
    const ssGap = distribution(pick(tput("StoryStream")?.records ?? [], "lastContentToCompleted"));
    const blGap = distribution(pick(tput("baseline")?.records ?? [], "lastContentToCompleted"));
    print(`Database save time (StoryStream's last content -> completed, minus the baseline's, which saves nothing): p50 ${ms(ssGap.p50 - blGap.p50)} ms, p99 ${ms(ssGap.p99 - blGap.p99)} ms.`);
    print();
    print(`## Integrity`);
    print();
    print(`- StoryStream streams that received \`completed\`: ${storyStreamCompleted}; stories saved (read back through the API): ${saved}.`);
    const phaseFailures = [
      ...targets.map((t) => [`idle ${t.name}`, failures(idle.get(t.name) ?? [])]),
      ...targets.map((t) => [`${PLAN.burst} at once ${t.name}`, failures(burst.get(t.name) ?? [])]),
      ...targets.map((t) => [`throughput ${t.name}`, failures(tput(t.name)?.records ?? [])]),
    ].filter(([, reasons]) => reasons !== "");
    print(`- Streams that did not complete outside the ladder: ${phaseFailures.length ? phaseFailures.map(([phase, reasons]) => `${phase}: ${reasons}`).join("; ") : "none"}.`);
    print(`- \`story_generation\` log lines: ${generationLogs.length} (${generationLogs.filter((l) => l.includes('"outcome":"completed"')).length} completed); unhandled/uncaught lines in the server log: ${unhandled.length}.`);
    const driverP99 = driverLag.percentile(99) / 1e6 - LOOP_RESOLUTION_MS;
    print(`- The clients' own event-loop lag (this process) over the run: p99 ${ms(Math.max(0, driverP99))} ms, max ${ms(Math.max(0, driverLag.max / 1e6 - LOOP_RESOLUTION_MS))} ms: it inflates both servers' figures alike.`);
    print();

    // ---------- files ----------
    const stamp = startedAt.toISOString().slice(0, 10);
    const resultsDir = path.join(ROOT, "bench", "results");
    mkdirSync(resultsDir, { recursive: true });
    const base = `${stamp}${quick ? "-quick" : ""}`;
    const ladderSeries = (field: (rung: LadderRung) => number) =>
      targets.map((t, i) => ({
        name: t.name,
        color: i === 0 ? "#9ca3af" : "#2563eb",
        points: ladder.filter((r) => r.target === t.name).map((r) => ({ x: r.concurrency, y: field(r) })),
      }));
    writeFileSync(
      path.join(resultsDir, `${base}-added-delay.svg`),
      lineChart({ title: "Added delay per event, p99, vs concurrent streams", xLabel: "concurrent streams", yLabel: "ms (client receive - upstream send)", series: ladderSeries((r) => distribution(allDelays(r.records)).p99) }),
    );
    writeFileSync(
      path.join(resultsDir, `${base}-rss.svg`),
      lineChart({ title: "Server RSS (peak) vs concurrent streams", xLabel: "concurrent streams", yLabel: "MB", series: ladderSeries((r) => r.resources.peakRssMb) }),
    );
    writeFileSync(
      path.join(resultsDir, `${base}-event-loop-lag.svg`),
      lineChart({ title: "Server event-loop lag, p99, vs concurrent streams", xLabel: "concurrent streams", yLabel: "ms", series: ladderSeries((r) => lag(r.resources.lag, "p99")) }),
    );
    out.push(`![Added delay p99 vs concurrency](${base}-added-delay.svg)`, "", `![RSS vs concurrency](${base}-rss.svg)`, "", `![Event-loop lag p99 vs concurrency](${base}-event-loop-lag.svg)`, "");
    out.push(`Made by \`npm run bench${quick ? " -- --quick" : ""}\` in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s.`, "");
    writeFileSync(path.join(resultsDir, `${base}.md`), `${out.join("\n")}\n`);
    console.error(`\nWrote bench/results/${base}.md and its charts.`);
  } finally {
    await app.stop();
    for (const child of children) child.kill("SIGTERM");
    await database.drop();
    rmSync(probeDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  for (const child of children) child.kill("SIGKILL");
  process.exitCode = 1;
});
