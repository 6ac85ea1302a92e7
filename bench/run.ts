// `npm run bench [-- --quick] [--database-url postgresql://...] [--cpu-prof] [--max-concurrency N] [--ladder 1000,2000] [--compare DIR] [--route-only]`
// --cpu-prof: a shorter run (100 streams) with a V8 CPU profile of every Next.js server, summarized
// by bench/profile-summary.ts.
// Starts, on 127.0.0.1: a timestamping OpenAI-compatible upstream, the raw node:http relay, the bare
// route-handler relay (bench/fixtures/route-relay) and the built app under `next start` on a fresh
// database, each in a process of its own; drives them in turn with the same clients from this
// process; prints a summary and writes bench/results/<date>.md with SVG charts. See bench/README.md.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { ROOT, type AppServerKind, type TestDatabase } from "../test/support/app.ts";
import { createAccount } from "../test/support/client.ts";
import { ENGINE_BENCH_ENV, startAppBuild, type AppServer } from "./app-server.ts";
import { allDelays, closedLoop, coldStartMs, completed, concurrent, failures, pick, refused, sequential, type Target, type TargetName } from "./load.ts";
import { COMPARE_HEADERS, compareRow, DIST_HEADERS, distRow, Report, verdictRow, type Verdict } from "./report.ts";
import { lagMs, LOOP_RESOLUTION_MS, readProbe, withResources, type ProbeSample, type ResourceUse } from "./resources.ts";
import { ensureBuilt, killAll, ROUTE_RELAY_DIR, startNext, startScript, type Server } from "./servers.ts";
import type { StreamRecord } from "./sse-client.ts";
import { distribution, ms } from "./stats.ts";
import { summarizeProfile } from "./profile-summary.ts";
import { lineChart } from "./svg-chart.ts";
import { args, option, flag } from "./args.ts";

// ---------- options and plan ----------
const quick = flag("--quick");
const OPTIONS = {
  quick,
  cpuProfile: flag("--cpu-prof"),
  databaseUrl: option("--database-url") ?? (process.env.DATABASE_URL || undefined),
  maxConcurrency: Number(option("--max-concurrency") ?? (quick ? 250 : 2000)),
  /** A built checkout of another commit, measured beside this one ("StoryStream before"). */
  compareDir: option("--compare"),
  /** Leave out the self-hosting server (server.ts), measured by default beside the route handler. */
  routeOnly: flag("--route-only"),
};
const BASE_PLAN = OPTIONS.cpuProfile
  ? // A profile of 100 streams: the latency phases, one ladder rung and a short throughput run.
    { users: 5, single: 5, burstRounds: 2, ladder: [100], throughput: 300, slowReaders: 0, gateStreams: 10 }
  : quick
    ? { users: 5, single: 5, burstRounds: 1, ladder: [100, 250], throughput: 300, slowReaders: 10, gateStreams: 30 }
    : { users: 20, single: 10, burstRounds: 2, ladder: [100, 500, 1000, 1500, 2000], throughput: 1500, slowReaders: 20, gateStreams: 100 };
/** `--ladder 1000,2000`: only these rungs (with --quick, a short run around a ladder of one's choosing). */
const ladderOption = option("--ladder");
const PLAN = ladderOption ? { ...BASE_PLAN, ladder: ladderOption.split(",").map(Number) } : BASE_PLAN;
// As the issue measures: 100 tokens 20 ms apart (2 s) for latency; the ladder keeps every stream of
// a rung open at once (40 tokens, 100 ms apart, opened over 1 s); no delay for throughput.
const LATENCY_STORY = "bench:100:20";
const LADDER_STORY = "bench:40:100";
const FAST_STORY = { schedule: "bench:20:0", tokens: 20 };
const SLOW_READER_STORY = "bench:20000:0"; // about 1.1 MB of events
const SLOW_READER_PAUSE_MS = 4000;
const SSE_BYTES_PER_TOKEN = `data: {"type":"content","data":"t=1795612821901.123 "}\n\n`.length;
const GATE_STORY = { schedule: "bench:60:50:12", intervalMs: 50, sentenceEvery: 12, moderationMs: 150 };
const STEADY_RAMP_MS = 1000;
const PROFILE_DIR = path.join(ROOT, "bench", "results", "profiles");
const BURST = 100;
const THROUGHPUT_WORKERS = 50;

type Phase = Map<TargetName, StreamRecord[]>;
type Measured = { records: StreamRecord[]; resources: ResourceUse };
type Rung = Measured & { concurrency: number; target: TargetName };
type Environment = {
  upstream: Server;
  databases: TestDatabase[];
  app: AppServer;
  probeDir: string;
  servers: Server[];
  targets: Target[];
  /** The targets every latency phase measures; the ladder leaves out the route relay. */
  ladderTargets: Target[];
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const upstreamStats = async (env: Environment): Promise<{ moderationCalls: number; tokensSent: number }> => (await fetch(`${env.upstream.url}/stats`)).json();

// ---------- 1. start everything ----------
async function startEnvironment(): Promise<Environment> {
  ensureBuilt(ROOT);
  ensureBuilt(ROUTE_RELAY_DIR);
  if (OPTIONS.compareDir) ensureBuilt(OPTIONS.compareDir);
  const probeDir = mkdtempSync(path.join(tmpdir(), "storystream-bench-probe-"));
  const probe = { BENCH_PROBE_DIR: probeDir, NODE_OPTIONS: `--expose-gc --import ${path.join(ROOT, "bench", "event-loop-probe.ts")}` };
  const upstream = await startScript("upstream.ts", {});
  const upstreamURL = `${upstream.url}/v1`;
  const relay = await startScript("baseline-relay.ts", { ...probe, UPSTREAM_URL: upstreamURL });
  const profileDir = PROFILE_DIR;
  if (OPTIONS.cpuProfile) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  // --cpu-prof is refused in NODE_OPTIONS: it goes on the command line of `next start` itself.
  const profileArgs = (name: string) => (OPTIONS.cpuProfile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(profileDir, name)}`] : []);
  const routeRelay = await startNext({ dir: ROUTE_RELAY_DIR, env: { ...probe, UPSTREAM_URL: upstreamURL }, nodeArgs: profileArgs("route-relay") });
  const appEnv = { ...probe, ...ENGINE_BENCH_ENV };
  const databases: TestDatabase[] = [];
  const startAppIn = async (dir: string, profileName: string, server: AppServerKind = "next"): Promise<AppServer> => {
    const app = await startAppBuild({ dir, databaseUrl: OPTIONS.databaseUrl, upstreamURL, env: appEnv, nodeArgs: profileArgs(profileName), server });
    databases.push(app.database);
    return app;
  };
  const app = await startAppIn(ROOT, "storystream");
  const servers = [upstream, relay, routeRelay];
  const pid = (server: { pid?: number }) => server.pid ?? 0;
  const targets: Target[] = [
    { name: "relay", url: relay.url, pid: pid(relay.child), tokens: [] },
    { name: "route relay", url: routeRelay.url, pid: pid(routeRelay.child), tokens: [] },
    { name: "StoryStream", url: app.url, pid: pid(app.child), tokens: [] },
  ];
  if (!OPTIONS.routeOnly) {
    const nodeServer = await startAppIn(ROOT, "storystream-node-server", "node");
    servers.push(nodeServer);
    targets.push({ name: "StoryStream node server", url: nodeServer.url, pid: pid(nodeServer.child), tokens: [] });
  }
  if (OPTIONS.compareDir) {
    const before = await startAppIn(OPTIONS.compareDir, "storystream-before");
    servers.push(before);
    targets.push({ name: "StoryStream before", url: before.url, pid: pid(before.child), tokens: [] });
  }
  for (const target of targets.filter((t) => t.name.startsWith("StoryStream"))) {
    for (let i = 0; i < PLAN.users; i++) target.tokens.push((await createAccount(target.url)).token);
  }
  return { upstream, databases, app, probeDir, servers, targets, ladderTargets: targets.filter((t) => t.name !== "route relay") };
}

// ---------- 2. the phases ----------
const warmUp = (env: Environment) => eachTarget(env.targets, (t) => concurrent(t, 50, LATENCY_STORY, `warm-up: ${t.name}`, { rampMs: 1000 }));

async function eachTarget(targets: Target[], measure: (target: Target) => Promise<StreamRecord[]>): Promise<Phase> {
  const phase: Phase = new Map();
  for (const target of targets) {
    phase.set(target.name, await measure(target));
    await sleep(500);
  }
  return phase;
}

async function climbLadder(env: Environment): Promise<Rung[]> {
  const rungs: Rung[] = [];
  for (const concurrency of PLAN.ladder.filter((n) => n <= OPTIONS.maxConcurrency)) {
    for (const target of env.ladderTargets) {
      const { value: records, resources } = await withResources(env.probeDir, target.pid, () =>
        concurrent(target, concurrency, LADDER_STORY, `ladder ${concurrency}: ${target.name}`, { rampMs: STEADY_RAMP_MS }),
      );
      rungs.push({ concurrency, target: target.name, records, resources });
      await sleep(1000);
    }
  }
  return rungs;
}

async function measureThroughput(env: Environment): Promise<Map<TargetName, Measured & { seconds: number }>> {
  const results = new Map<TargetName, Measured & { seconds: number }>();
  for (const target of env.targets) {
    const { value, resources } = await withResources(env.probeDir, target.pid, () => closedLoop(target, PLAN.throughput, THROUGHPUT_WORKERS, FAST_STORY.schedule, `throughput: ${target.name}`));
    results.set(target.name, { ...value, resources });
  }
  return results;
}

/**
 * Readers that stop reading for a while. With backpressure the server stops reading the model too.
 * Reported: the tokens the upstream managed to send while nobody read (they wait in the process or
 * in the kernel's socket buffers), and the live memory the process grew by, per stream.
 */
async function measureSlowReaders(env: Environment): Promise<Map<TargetName, Measured & { tokensHeld: number; liveKbPerStream: number }>> {
  const results = new Map<TargetName, Measured & { tokensHeld: number; liveKbPerStream: number }>();
  for (const target of PLAN.slowReaders > 0 ? env.ladderTargets : []) {
    let tokensHeld = Number.NaN;
    let liveKbPerStream = Number.NaN;
    const live = (sample: ProbeSample | undefined) => (sample?.gc ? sample.heapUsed + sample.external : Number.NaN);
    const { value: records, resources } = await withResources(env.probeDir, target.pid, async () => {
      const before = await upstreamStats(env);
      const liveBefore = live(await readProbe(env.probeDir, target.pid));
      const running = concurrent(target, PLAN.slowReaders, SLOW_READER_STORY, `slow readers: ${target.name}`, { pauseMs: SLOW_READER_PAUSE_MS });
      await sleep(SLOW_READER_PAUSE_MS - 700);
      liveKbPerStream = (live(await readProbe(env.probeDir, target.pid)) - liveBefore) / 1024 / PLAN.slowReaders;
      tokensHeld = ((await upstreamStats(env)).tokensSent - before.tokensSent) / PLAN.slowReaders;
      return running;
    });
    results.set(target.name, { records, resources, tokensHeld, liveKbPerStream });
  }
  return results;
}

async function countSavedStories(target: Target): Promise<number> {
  let total = 0;
  for (const token of target.tokens) {
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await fetch(`${target.url}/api/v1/stories/?limit=100${query}`, { headers: { Authorization: `Bearer ${token}` } });
      const body: { stories: unknown[]; next_cursor: string | null } = await res.json();
      total += body.stories.length;
      cursor = body.next_cursor;
    } while (cursor);
  }
  return total;
}

/**
 * Restarts the app with moderation on against the upstream's 150 ms moderation endpoint: the
 * restart measures process start -> first `started` (a cold start), then the gate-on load.
 */
async function measureColdStartAndGate(env: Environment, storystream: Target): Promise<{ coldStartMs: number; records: StreamRecord[]; moderationCalls: number }> {
  await env.app.stop();
  const restarted = await startNext({ dir: ROOT, port: env.app.port, wait: false, env: { ...env.app.env, MODERATION: "on" } });
  env.servers.push(restarted);
  const coldStart = await coldStartMs(storystream, restarted.spawnedAt);
  const before = await upstreamStats(env);
  const gated = { ...storystream, pid: restarted.child.pid ?? 0 };
  const records = await concurrent(gated, PLAN.gateStreams, GATE_STORY.schedule, `gate on: ${PLAN.gateStreams} over 1 s`, { rampMs: STEADY_RAMP_MS });
  const after = await upstreamStats(env);
  return { coldStartMs: coldStart, records, moderationCalls: after.moderationCalls - before.moderationCalls };
}

/** Per token: hold-back minus what the gate must wait for (the rest of its sentence + one moderation call). */
function holdBackExcess(records: readonly StreamRecord[]): number[] {
  const { intervalMs, sentenceEvery, moderationMs } = GATE_STORY;
  return records.flatMap((record) => record.delays.map((delay, index) => delay - ((sentenceEvery - 1 - (index % sentenceEvery)) * intervalMs + moderationMs)));
}

// ---------- 3. the report ----------
function writeReport(report: Report, env: Environment, results: Awaited<ReturnType<typeof runPhases>>, startedAt: Date, loadAtStart: number): void {
  const { single, burst, steady, ladder, throughput, slowReaders, gate, savedByTarget, completedByTarget } = results;
  const names = env.targets.map((t) => t.name);
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  report.print(`# StoryStream benchmark, ${startedAt.toISOString()}${OPTIONS.quick ? " (quick)" : ""}`);
  report.print();
  report.print(`Commit ${commit}, Node ${process.version} (all servers and the clients), ${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, database: ${env.databases[0]?.describe.replace(/ .*/, "")}${OPTIONS.databaseUrl ? "" : " (embedded PGlite)"}.`);
  report.print(`Targets: ${names.join(", ")}; each in its own process on 127.0.0.1, measured one after the other in this run. Times in ms.`);
  report.print(`Machine load average (1 min) at the start ${loadAtStart.toFixed(2)}, at the end ${(loadavg()[0] ?? Number.NaN).toFixed(2)}: other work on this shared machine competes for the 2 cores.`);
  report.print();

  const of = (phase: Phase, name: TargetName) => phase.get(name) ?? [];
  const app: TargetName = "StoryStream";
  report.print(`## Latency (100 tokens, 20 ms apart)`);
  report.print();
  const rows: string[][] = [];
  for (const name of names) rows.push(distRow("1 stream: time to started", name, pick(of(single, name), "toStarted")));
  for (const name of names) rows.push(distRow("1 stream: added delay per event", name, allDelays(of(single, name))));
  for (const name of names) rows.push(distRow(`${BURST} at once: time to started`, name, pick(of(burst, name), "toStarted")));
  for (const name of names) rows.push(distRow(`${BURST} at once: time to first word`, name, pick(of(burst, name), "toFirstWord")));
  for (const name of names) rows.push(distRow(`${BURST} at once: added delay per event`, name, allDelays(of(burst, name))));
  for (const name of names) rows.push(distRow(`${BURST} over 1 s: added delay per event`, name, allDelays(of(steady, name))));
  report.table(DIST_HEADERS, rows);
  const phases: Array<[string, Phase]> = [["1 stream", single], [`${BURST} at once`, burst], [`${BURST} over 1 s`, steady]];
  for (const [label, phase] of phases) {
    for (const name of names) {
      const unfinished = of(phase, name).filter((record) => record.outcome !== "completed");
      if (unfinished.length > 0) report.print(`Not completed (${label}, ${name}): ${failures(unfinished)}.`);
    }
  }

  const apps = names.filter((n): n is "StoryStream" | "StoryStream node server" => n === "StoryStream" || n === "StoryStream node server");
  for (const [subject, reference] of [...names.filter((n) => n !== app).map((n) => [app, n] as const), ...(apps.length > 1 ? (["relay", "route relay"] as const).map((n) => ["StoryStream node server", n] as const) : [])]) {
    report.print(`## ${subject === app ? "StoryStream" : "StoryStream's self-hosting server"} against the ${reference}`);
    report.print();
    const cmp = (label: string, values: (name: TargetName) => number[]) => compareRow(label, distribution(values(subject)), distribution(values(reference)));
    report.table(COMPARE_HEADERS, [
      cmp("1 stream: added delay", (n) => allDelays(of(single, n))),
      cmp(`${BURST} over 1 s: added delay`, (n) => allDelays(of(steady, n))),
      cmp(`${BURST} at once: added delay`, (n) => allDelays(of(burst, n))),
      cmp(`${BURST} at once: time to started`, (n) => pick(of(burst, n), "toStarted")),
    ]);
  }

  report.print(`## Concurrency ladder`);
  report.print();
  report.print(`Each stream: 40 tokens, 100 ms apart; a rung's streams are opened over ${STEADY_RAMP_MS} ms. Refused = 503 with Retry-After at once (admission control). Event-loop lag is the delay beyond the probe's ${LOOP_RESOLUTION_MS} ms timer, inside the server; RSS is the peak during the rung; CPU is the server's share of one core.`);
  report.print();
  report.table(
    ["streams", "server", "completed", "refused", "other", "added p50", "added p99", "started p99", "loop lag p99", "peak RSS MB", "CPU %"],
    ladder.map((rung) => {
      const delays = distribution(allDelays(rung.records));
      const done = completed(rung.records).length;
      const refusedCount = refused(rung.records).length;
      const other = rung.records.filter((r) => r.outcome !== "completed" && !(r.status === 503 && r.retryAfter !== undefined));
      return [String(rung.concurrency), rung.target, `${done}/${rung.concurrency}`, String(refusedCount), other.length ? `${other.length} (${failures(other)})` : "0", ms(delays.p50), ms(delays.p99), ms(distribution(pick(rung.records, "toStarted")).p99), ms(lagMs(rung.resources.lag, "p99")), ms(rung.resources.peakRssMb, 0), ms(rung.resources.cpuPercent, 0)];
    }),
  );

  report.print(`## Throughput and CPU per token (fast upstream: ${FAST_STORY.tokens} tokens, no delay; ${THROUGHPUT_WORKERS} clients in a closed loop)`);
  report.print();
  const cpuPerToken = (name: TargetName) => {
    const run = throughput.get(name);
    return run ? (run.resources.cpuMs * 1000) / (completed(run.records).length * FAST_STORY.tokens) : Number.NaN;
  };
  report.table(
    ["server", "completed", "stories/s", "CPU µs per token", "CPU ms per story", "ratio to relay", "CPU %"],
    names.map((name) => {
      const run = throughput.get(name);
      const done = completed(run?.records ?? []).length;
      return [name, `${done}/${PLAN.throughput}${done < PLAN.throughput ? ` (${failures(run?.records ?? [])})` : ""}`, ms(done / (run?.seconds ?? Number.NaN), 1), ms(cpuPerToken(name), 1), ms((cpuPerToken(name) * FAST_STORY.tokens) / 1000, 2), `${(cpuPerToken(name) / cpuPerToken("relay")).toFixed(2)}x`, ms(run?.resources.cpuPercent ?? Number.NaN, 0)];
    }),
  );
  const gap = (name: TargetName) => distribution(pick(throughput.get(name)?.records ?? [], "lastContentToCompleted"));
  report.print(`Database save time (StoryStream's last content -> completed, minus the relay's, which saves nothing): p50 ${ms(gap(app).p50 - gap("relay").p50)} ms, p99 ${ms(gap(app).p99 - gap("relay").p99)} ms.`);
  report.print();

  report.print(`## Slow readers (${PLAN.slowReaders} streams of ~1.1 MB that stop reading for ${SLOW_READER_PAUSE_MS / 1000} s)`);
  report.print();
  report.print(`Sent while paused: the tokens the upstream sent while the reader was paused (of 20000), as SSE bytes (~${SSE_BYTES_PER_TOKEN} per token), wherever they wait (the process, or the kernel's socket buffers, which on loopback hold megabytes). Live memory: the server's heap + external memory after a forced GC, near the end of the pause, minus before, per stream.`);
  report.print();
  report.table(
    ["server", "completed", "tokens sent while paused, per stream", "as SSE KB", "live memory held per stream KB", "RSS before MB", "peak RSS MB"],
    [...slowReaders].map(([name, run]) => [name, `${completed(run.records).length}/${PLAN.slowReaders}`, ms(run.tokensHeld, 0), ms((run.tokensHeld * SSE_BYTES_PER_TOKEN) / 1024, 0), ms(run.liveKbPerStream, 0), ms(run.resources.startRssMb, 0), ms(run.resources.peakRssMb, 0)]),
  );
  for (const [name, run] of slowReaders) {
    for (const record of run.records.filter((r) => r.outcome !== "completed")) {
      report.print(`- ${name}: a slow reader ended "${record.outcome}"${record.detail ? `: ${record.detail}` : ""} after ${record.text.length} characters.`);
    }
  }
  report.print();

  report.print(`## Cold start and the safety gate (app restarted with MODERATION=on; moderation answers in ${GATE_STORY.moderationMs} ms)`);
  report.print();
  report.print(`Process start -> first \`started\` (a cold start, which is also Vercel's): ${ms(gate.coldStartMs, 0)} ms.`);
  report.print();
  report.print(`${PLAN.gateStreams} streams opened over 1 s, ${GATE_STORY.schedule.split(":")[1]} tokens ${GATE_STORY.intervalMs} ms apart, a sentence end every ${GATE_STORY.sentenceEvery} tokens. Hold-back per token = client receive - model send. Excess = hold-back - (rest of the token's sentence + one moderation round trip); the target is p50 <= 10 ms. Time to first word target: first sentence + one round trip + 20 ms = ${(GATE_STORY.sentenceEvery - 1) * GATE_STORY.intervalMs + GATE_STORY.moderationMs + 20} ms.`);
  report.print();
  const gateDone = completed(gate.records).length;
  report.table(DIST_HEADERS, [
    distRow("hold-back per token", app, allDelays(gate.records)),
    distRow("hold-back excess per token", app, holdBackExcess(gate.records)),
    distRow("time to first word", app, pick(gate.records, "toFirstWord")),
  ]);
  report.print(`Completed ${gateDone}/${PLAN.gateStreams}${gateDone < PLAN.gateStreams ? ` (${failures(gate.records)})` : ""}; moderation calls per story: ${(gate.moderationCalls / PLAN.gateStreams).toFixed(2)} (${gate.moderationCalls} calls, including each request's input check).`);
  report.print();

  report.print(`## Targets (issue 10; gate off unless noted)`);
  report.print();
  const d = (phase: Phase, name: TargetName) => distribution(allDelays(of(phase, name)));
  const engineVerdicts = (app: TargetName): Verdict[] => {
    const rungAt = (n: number) => ladder.find((r) => r.concurrency === n && r.target === app);
    const verdicts: Verdict[] = [
      { target: "1 stream: added delay p50 within 0.5 ms of the relay", measured: `${ms(d(single, app).p50)} vs ${ms(d(single, "relay").p50)}`, bound: "+0.5", met: d(single, app).p50 - d(single, "relay").p50 <= 0.5 },
      { target: "100 over 1 s: added delay p50 within 1 ms of the relay", measured: `${ms(d(steady, app).p50)} vs ${ms(d(steady, "relay").p50)}`, bound: "+1", met: d(steady, app).p50 - d(steady, "relay").p50 <= 1 },
      { target: "100 over 1 s: added delay p99 within 5 ms of the relay", measured: `${ms(d(steady, app).p99)} vs ${ms(d(steady, "relay").p99)}`, bound: "+5", met: d(steady, app).p99 - d(steady, "relay").p99 <= 5 },
      { target: "100 at once: added delay p50 within 2 ms of the relay", measured: `${ms(d(burst, app).p50)} vs ${ms(d(burst, "relay").p50)}`, bound: "+2", met: d(burst, app).p50 - d(burst, "relay").p50 <= 2 },
      {
        target: "100 at once: time to started p50 within 1.5x the relay's",
        measured: `${ms(distribution(pick(of(burst, app), "toStarted")).p50)} vs ${ms(distribution(pick(of(burst, "relay"), "toStarted")).p50)}`,
        bound: "1.5x",
        met: distribution(pick(of(burst, app), "toStarted")).p50 <= 1.5 * distribution(pick(of(burst, "relay"), "toStarted")).p50,
      },
      { target: "100 at once: added delay p50 within 1.2x the route relay's", measured: `${ms(d(burst, app).p50)} vs ${ms(d(burst, "route relay").p50)}`, bound: "1.2x", met: d(burst, app).p50 <= 1.2 * d(burst, "route relay").p50 },
      { target: "100 over 1 s: added delay p50 within 1.2x the route relay's", measured: `${ms(d(steady, app).p50)} vs ${ms(d(steady, "route relay").p50)}`, bound: "1.2x", met: d(steady, app).p50 <= 1.2 * d(steady, "route relay").p50 },
      { target: "CPU per token within 3x the relay's", measured: `${ms(cpuPerToken(app), 1)} µs vs ${ms(cpuPerToken("relay"), 1)} µs`, bound: "3x", met: cpuPerToken(app) <= 3 * cpuPerToken("relay") },
    ];
    const thousand = rungAt(1000);
    if (thousand) {
      const done = completed(thousand.records).length;
      verdicts.push(
        { target: "1000 streams: 100% completed", measured: `${done}/1000`, bound: "1000", met: done === 1000 },
        { target: "1000 streams: event-loop lag p99 under 50 ms", measured: ms(lagMs(thousand.resources.lag, "p99")), bound: "50", met: lagMs(thousand.resources.lag, "p99") < 50 },
        { target: "1000 streams: RSS under 500 MB", measured: ms(thousand.resources.peakRssMb, 0), bound: "500", met: thousand.resources.peakRssMb < 500 },
      );
    }
    const twoThousand = rungAt(2000);
    if (twoThousand) {
      const other = twoThousand.records.filter((r) => r.outcome !== "completed" && !(r.status === 503 && r.retryAfter !== undefined));
      verdicts.push({ target: "2000 streams: the rest refused at once with 503 + Retry-After, no reset", measured: `${completed(twoThousand.records).length} completed, ${refused(twoThousand.records).length} refused, ${other.length} other`, bound: "0 other", met: other.length === 0 });
    }
    const saved = savedByTarget.get(app) ?? 0;
    const sent = completedByTarget.get(app) ?? 0;
    verdicts.push({ target: "every `completed` is a saved story (whole run)", measured: `${sent} completed, ${saved} saved`, bound: "equal", met: saved === sent });
    return verdicts;
  };
  const verdicts = engineVerdicts(app);
  const excess = distribution(holdBackExcess(gate.records));
  const firstWord = distribution(pick(gate.records, "toFirstWord"));
  verdicts.push(
    { target: "gate on: hold-back p50 <= rest of sentence + round trip + 10 ms", measured: `excess p50 ${ms(excess.p50)}`, bound: "10", met: excess.p50 <= 10 },
    { target: "gate on: time to first word p50 <= first sentence + round trip + 20 ms", measured: ms(firstWord.p50), bound: ms((GATE_STORY.sentenceEvery - 1) * GATE_STORY.intervalMs + GATE_STORY.moderationMs + 20), met: firstWord.p50 <= (GATE_STORY.sentenceEvery - 1) * GATE_STORY.intervalMs + GATE_STORY.moderationMs + 20 },
  );
  report.table(["target", "measured (StoryStream vs reference)", "bound", "met?"], verdicts.map(verdictRow));
  if (apps.length > 1) {
    report.print(`The same targets for the self-hosting server (\`npm run start:server\`: server.ts serves the story stream itself, Next the rest):`);
    report.print();
    report.table(["target", "measured (node server vs reference)", "bound", "met?"], engineVerdicts("StoryStream node server").map(verdictRow));
  }

  const unhandled = env.app.logs.filter((line) => /unhandled|uncaught/i.test(line));
  report.print(`Unhandled/uncaught lines in the app's log: ${unhandled.length}. The clients' own event-loop lag over the run: p99 ${ms(Math.max(0, driverLag.percentile(99) / 1e6 - LOOP_RESOLUTION_MS))} ms (it inflates every server's figures alike).`);
  report.print();
  writeFiles(report, ladder, env.ladderTargets, startedAt);
}

function writeFiles(report: Report, ladder: Rung[], targets: Target[], startedAt: Date): void {
  const resultsDir = path.join(ROOT, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  const base = `${startedAt.toISOString().slice(0, 10)}${OPTIONS.quick ? "-quick" : ""}`;
  const colors = ["#9ca3af", "#2563eb", "#16a34a", "#f59e0b"];
  const series = (field: (rung: Rung) => number) =>
    targets.map((t, i) => ({ name: t.name, color: colors[i % colors.length] ?? "#000", points: ladder.filter((r) => r.target === t.name).map((r) => ({ x: r.concurrency, y: field(r) })) }));
  const chart = (suffix: string, title: string, yLabel: string, field: (rung: Rung) => number) =>
    writeFileSync(path.join(resultsDir, `${base}-${suffix}.svg`), lineChart({ title, xLabel: "concurrent streams", yLabel, series: series(field) }));
  chart("added-delay", "Added delay per event, p99, vs concurrent streams", "ms (client receive - upstream send)", (r) => distribution(allDelays(r.records)).p99);
  chart("rss", "Server RSS (peak) vs concurrent streams", "MB", (r) => r.resources.peakRssMb);
  chart("event-loop-lag", "Server event-loop lag, p99, vs concurrent streams", "ms", (r) => lagMs(r.resources.lag, "p99"));
  report.lines.push(`![Added delay p99](${base}-added-delay.svg) ![RSS](${base}-rss.svg) ![Event-loop lag p99](${base}-event-loop-lag.svg)`, "");
  report.lines.push(`Made by \`npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}\` in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s.`, "");
  writeFileSync(path.join(resultsDir, `${base}.md`), `${report.lines.join("\n")}\n`);
  console.error(`\nWrote bench/results/${base}.md and its charts.`);
}

// ---------- main ----------
const driverLag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });

async function runPhases(env: Environment) {
  const storystream = env.targets.find((t) => t.name === "StoryStream");
  if (!storystream) throw new Error("no StoryStream target");
  driverLag.enable();
  const warm = await warmUp(env);
  const single = await eachTarget(env.targets, (t) => sequential(t, PLAN.single, LATENCY_STORY, `1 stream at a time: ${t.name}`));
  const burst: Phase = new Map();
  for (let round = 0; round < PLAN.burstRounds; round++) {
    const phase = await eachTarget(env.targets, (t) => concurrent(t, BURST, LATENCY_STORY, `${BURST} at once, round ${round + 1}: ${t.name}`));
    for (const [name, records] of phase) burst.set(name, [...(burst.get(name) ?? []), ...records]);
  }
  const steady = await eachTarget(env.targets, (t) => concurrent(t, BURST, LATENCY_STORY, `${BURST} over 1 s: ${t.name}`, { rampMs: STEADY_RAMP_MS }));
  const ladder = await climbLadder(env);
  const throughput = await measureThroughput(env);
  const slowReaders = await measureSlowReaders(env);
  const savedByTarget = new Map<TargetName, number>();
  const completedByTarget = new Map<TargetName, number>();
  for (const target of env.targets.filter((t) => t.tokens.length > 0)) {
    savedByTarget.set(target.name, await countSavedStories(target));
    const all = [warm, single, burst, steady].flatMap((phase) => phase.get(target.name) ?? []);
    const ladderRecords = ladder.filter((r) => r.target === target.name).flatMap((r) => r.records);
    const others = [throughput.get(target.name)?.records ?? [], slowReaders.get(target.name)?.records ?? []].flat();
    completedByTarget.set(target.name, completed([...all, ...ladderRecords, ...others]).length);
  }
  const gate = await measureColdStartAndGate(env, storystream);
  return { single, burst, steady, ladder, throughput, slowReaders, gate, savedByTarget, completedByTarget };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  const env = await startEnvironment();
  try {
    const results = await runPhases(env);
    writeReport(new Report(), env, results, startedAt, loadAtStart);
  } finally {
    await env.app.stop();
    for (const server of env.servers) await server.stop();
    for (const database of env.databases) await database.drop();
    rmSync(env.probeDir, { recursive: true, force: true });
  }
  // The servers write their profiles as they exit.
  if (OPTIONS.cpuProfile) appendProfiles(startedAt);
}

function appendProfiles(startedAt: Date): void {
  const lines = ["## CPU profiles (busy time of each server over this run)", ""];
  for (const name of readdirSync(PROFILE_DIR)) {
    const dir = path.join(PROFILE_DIR, name);
    const newest = readdirSync(dir).filter((file) => file.endsWith(".cpuprofile")).sort().at(-1);
    if (newest) lines.push(...summarizeProfile(path.join(dir, newest)));
  }
  const file = path.join(ROOT, "bench", "results", `${startedAt.toISOString().slice(0, 10)}${OPTIONS.quick ? "-quick" : ""}.md`);
  appendFileSync(file, `${lines.join("\n")}\n`);
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  killAll("SIGKILL");
  process.exitCode = 1;
});
