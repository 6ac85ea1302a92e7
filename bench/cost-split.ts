// `node bench/cost-split.ts [--database-url postgresql://...] [--rounds 3] [--compare DIR]`: splits each server's
// CPU into a cost per story (request, auth, database, set-up) and a cost per token (the stream
// itself). The throughput phase's "CPU per token" is one number for 20-token stories with no delay,
// where the cost per story dominates and one read carries many tokens; here every target runs
// short (20-token) and long (400-token) stories with tokens 5 ms apart (one per read, as a model
// sends them), and CPU = stories x per-story + tokens x per-token is solved from the two. A run of
// 2-token stories measures the fixed cost directly, as a check on the split.
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../test/support/app.ts";
import { startEngineTargets } from "./app-server.ts";
import { closedLoop, completed, type Target, type TargetName } from "./load.ts";
import { withResources } from "./resources.ts";
import { distribution, table } from "./stats.ts";
import { option } from "./args.ts";

const databaseUrl = option("--database-url") ?? (process.env.DATABASE_URL || undefined);
const ROUNDS = Number(option("--rounds") ?? 3);
// Another built checkout, both its servers measured beside this one's ("... before").
const compareDir = option("--compare");
const SHORT = { schedule: "bench:20:5", tokens: 20, stories: 300 };
const LONG = { schedule: "bench:400:5", tokens: 400, stories: 60 };
// The fixed cost measured directly, with little per-token noise in it: a story of 2 tokens.
const TINY = { schedule: "bench:2:5", tokens: 2, stories: 600 };
const WORKERS = 30;

/** CPU ms per story of one closed-loop run. */
async function cpuPerStory(target: Target, story: typeof SHORT): Promise<number> {
  const { value, resources } = await withResources(path.join(tmpdir(), "storystream-bench-split-no-probe"), target.pid, () =>
    closedLoop(target, story.stories, WORKERS, story.schedule, `${target.name}: ${story.tokens}-token stories`),
  );
  const done = completed(value.records).length;
  if (done < story.stories) throw new Error(`${target.name}: ${done}/${story.stories} ${story.tokens}-token stories completed`);
  return resources.cpuMs / done;
}

const { targets, stop } = await startEngineTargets({
  apps: [
    { name: "StoryStream", dir: ROOT },
    { name: "StoryStream node server", dir: ROOT, server: "node" },
    ...(compareDir
      ? [
          { name: "StoryStream before" as const, dir: compareDir },
          { name: "StoryStream node server before" as const, dir: compareDir, server: "node" as const },
        ]
      : []),
  ],
  databaseUrl,
});
try {
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  for (const target of targets) await closedLoop(target, 100, WORKERS, SHORT.schedule, `warm-up: ${target.name}`);
  const samples = new Map<TargetName, Array<{ perStoryMs: number; perTokenUs: number; tinyMs: number }>>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets.map((_, i) => targets[(i + round) % targets.length]).filter((t) => t !== undefined)) {
      const tiny = await cpuPerStory(target, TINY);
      const short = await cpuPerStory(target, SHORT);
      const long = await cpuPerStory(target, LONG);
      const perTokenMs = (long - short) / (LONG.tokens - SHORT.tokens);
      samples.get(target.name)?.push({ perStoryMs: short - SHORT.tokens * perTokenMs, perTokenUs: perTokenMs * 1000, tinyMs: tiny });
    }
  }
  const median = (values: number[]) => distribution(values).p50;
  const relayToken = median((samples.get("relay") ?? []).map((s) => s.perTokenUs));
  console.log(`# CPU per story and per token\n`);
  console.log(`${ROUNDS} rounds, Node ${process.version}, database: ${databaseUrl ? "PostgreSQL" : "embedded PGlite"}; load average ${loadAtStart.toFixed(2)} -> ${(loadavg()[0] ?? Number.NaN).toFixed(2)}. ${TINY.stories} stories of ${TINY.tokens} tokens, ${SHORT.stories} of ${SHORT.tokens} and ${LONG.stories} of ${LONG.tokens} per round, ${WORKERS} clients in a closed loop, tokens 5 ms apart.${compareDir ? ` "before": ${compareDir}.` : ""} Medians of the rounds (every round).\n`);
  console.log(
    table(
      ["server", "CPU per 2-token story (ms)", "CPU per story, fixed (ms)", "CPU per token (µs)", "per token, ratio to the relay"],
      targets.map((t) => {
        const rows = samples.get(t.name) ?? [];
        const perToken = median(rows.map((s) => s.perTokenUs));
        return [
          t.name,
          `**${median(rows.map((s) => s.tinyMs)).toFixed(2)}** (${rows.map((s) => s.tinyMs.toFixed(2)).join(", ")})`,
          `**${median(rows.map((s) => s.perStoryMs)).toFixed(2)}** (${rows.map((s) => s.perStoryMs.toFixed(2)).join(", ")})`,
          `**${perToken.toFixed(1)}** (${rows.map((s) => s.perTokenUs.toFixed(1)).join(", ")})`,
          `${(perToken / relayToken).toFixed(2)}x`,
        ];
      }),
    ),
  );
} finally {
  await stop();
}
