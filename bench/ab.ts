// `node bench/ab.ts [--compare DIR] [--node-server] [--rounds 5] [--users 1] [--probe] [--database-url postgresql://...]`:
// this checkout's build against another built checkout and/or its own self-hosting server
// (server.ts), with the raw relay and the bare route-handler relay beside them, on the phases the lean
// engine's targets name (100 streams opened at once, 100 over 1 s, CPU per token). One run of
// `npm run bench` gives one sample per phase, and on this shared machine the same build's p99
// moved by 2 to 4x between runs; here the targets take turns, round after round, and the report
// gives each round and their median, so a change is told from the noise.
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../test/support/app.ts";
import { startEngineTargets } from "./app-server.ts";
import { allDelays, closedLoop, completed, concurrent, pick, type Target } from "./load.ts";
import { withResources } from "./resources.ts";
import { distribution, table } from "./stats.ts";
import { option, flag } from "./args.ts";

const compareDir = option("--compare");
const withNodeServer = flag("--node-server");
if (!compareDir && !withNodeServer) throw new Error("usage: node bench/ab.ts [--compare DIR] [--node-server] [--rounds 5] [--users 1] [--probe] [--database-url URL]");
const ROUNDS = Number(option("--rounds") ?? 5);
// The full run's conditions (npm run bench): 20 accounts, and its probe preloaded into each app.
const USERS = Number(option("--users") ?? 1);
const withProbe = flag("--probe");
const databaseUrl = option("--database-url") ?? (process.env.DATABASE_URL || undefined);
const LATENCY_STORY = "bench:100:20";
const FAST_STORY = { schedule: "bench:20:0", tokens: 20 };

type Sample = { burstP50: number; burstP99: number; startedP50: number; steadyP50: number; steadyP99: number; cpuPerToken: number };
const MEASURES: Array<[keyof Sample, string]> = [
  ["burstP50", "100 at once: added delay p50"],
  ["burstP99", "100 at once: added delay p99"],
  ["startedP50", "100 at once: time to started p50"],
  ["steadyP50", "100 over 1 s: added delay p50"],
  ["steadyP99", "100 over 1 s: added delay p99"],
  ["cpuPerToken", "CPU per token (µs, fast upstream)"],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => distribution(values).p50;

async function measure(target: Target): Promise<Sample> {
  const burst = await concurrent(target, 100, LATENCY_STORY, `${target.name}: 100 at once`);
  await sleep(500);
  const steady = await concurrent(target, 100, LATENCY_STORY, `${target.name}: 100 over 1 s`, { rampMs: 1000 });
  await sleep(500);
  const { value, resources } = await withResources(path.join(tmpdir(), "storystream-bench-ab-no-probe"), target.pid, () => closedLoop(target, 300, 50, FAST_STORY.schedule, `${target.name}: throughput`));
  const tokens = completed(value.records).length * FAST_STORY.tokens;
  const b = distribution(allDelays(burst));
  const s = distribution(allDelays(steady));
  return {
    burstP50: b.p50,
    burstP99: b.p99,
    startedP50: distribution(pick(burst, "toStarted")).p50,
    steadyP50: s.p50,
    steadyP99: s.p99,
    cpuPerToken: (resources.cpuMs * 1000) / tokens,
  };
}

const { targets, stop } = await startEngineTargets({
  apps: [
    { name: "StoryStream", dir: ROOT },
    ...(withNodeServer ? [{ name: "StoryStream node server" as const, dir: ROOT, server: "node" as const }] : []),
    ...(compareDir ? [{ name: "StoryStream before" as const, dir: compareDir }] : []),
    ...(compareDir && withNodeServer ? [{ name: "StoryStream node server before" as const, dir: compareDir, server: "node" as const }] : []),
  ],
  databaseUrl,
  users: USERS,
  appEnv: withProbe ? { BENCH_PROBE_DIR: mkdtempSync(path.join(tmpdir(), "storystream-ab-probe-")), NODE_OPTIONS: `--expose-gc --import ${path.join(ROOT, "bench", "event-loop-probe.ts")}` } : {},
});
try {
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  for (const target of targets) await concurrent(target, 50, LATENCY_STORY, `warm-up: ${target.name}`, { rampMs: 1000 });
  const samples = new Map<string, Sample[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // A different target goes first each round, so none always meets the machine at its freshest.
    const order = targets.map((_, i) => targets[(i + round) % targets.length]).filter((entry) => entry !== undefined);
    for (const target of order) {
      samples.get(target.name)?.push(await measure(target));
      await sleep(1000);
    }
  }
  const names = targets.map((target) => target.name);
  const against = [withNodeServer && "its self-hosting server (\"StoryStream node server\")", compareDir && `${compareDir} ("StoryStream before"${withNodeServer ? ', its server.ts "StoryStream node server before"' : ""})`].filter(Boolean);
  console.log(`# A/B: this checkout ("StoryStream", the route handler) against ${against.join(" and ")}\n`);
  console.log(`${ROUNDS} rounds, Node ${process.version}, database: ${databaseUrl ? "PostgreSQL" : "embedded PGlite"}, ${USERS} account(s) per app${withProbe ? ", the full run's probe preloaded" : ""}; load average ${loadAtStart.toFixed(2)} -> ${(loadavg()[0] ?? Number.NaN).toFixed(2)}. Times in ms; each cell: median of the rounds (every round).\n`);
  console.log(
    table(
      ["measure", ...names],
      MEASURES.map(([key, label]) => [
        label,
        ...names.map((name) => {
          const values = (samples.get(name) ?? []).map((sample) => sample[key]);
          return `**${median(values).toFixed(2)}** (${values.map((value) => value.toFixed(1)).join(", ")})`;
        }),
      ]),
    ),
  );
} finally {
  await stop();
}
