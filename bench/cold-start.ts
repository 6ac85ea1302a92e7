// `node bench/cold-start.ts [--database-url postgresql://...] [--rounds 6]`: process start -> first
// `started` of `next start`, with `npm start`'s Node flags and without them, the variants in turn
// each round. The full run measures only the flags `npm start` uses; this tells what they cost.
import { loadavg } from "node:os";
import { productionNodeFlags, ROOT } from "../test/support/app.ts";
import { createAccount } from "../test/support/client.ts";
import { ENGINE_BENCH_ENV, startAppBuild } from "./app-server.ts";
import { coldStartMs } from "./load.ts";
import { killAll, startNext, startScript } from "./servers.ts";
import { distribution, table } from "./stats.ts";
import { option } from "./args.ts";

const databaseUrl = option("--database-url") ?? (process.env.DATABASE_URL || undefined);
const ROUNDS = Number(option("--rounds") ?? 6);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const startFlags = productionNodeFlags(ROOT, "next");
const VARIANTS: Array<[string, string[]]> = [
  ["no flags", []],
  ["`npm start`'s flags without the preload", startFlags.filter((flag) => !flag.startsWith("--import"))],
  ["`npm start`'s flags", startFlags],
];

/** Starts `next start` with `flags` and asks for a story until one starts: ms from spawn to `started`. */
async function coldStart(flags: string[], env: Record<string, string>, token: string): Promise<number> {
  const server = await startNext({ dir: ROOT, env, wait: false, startFlags: flags });
  try {
    const ms = await coldStartMs({ name: "StoryStream", url: server.url, pid: server.child.pid ?? 0, tokens: [token] }, server.spawnedAt);
    if (Number.isNaN(ms)) throw new Error(`no story started within 60 s with flags ${flags.join(" ")}`);
    return ms;
  } finally {
    await server.stop();
  }
}

const upstream = await startScript("upstream.ts", {});
// A migrated database and an account, made once through the app; every variant then starts on it.
const app = await startAppBuild({ dir: ROOT, databaseUrl, upstreamURL: `${upstream.url}/v1`, env: ENGINE_BENCH_ENV });
try {
  const { token } = await createAccount(app.url);
  await app.stop();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  const samples = new Map<string, number[]>(VARIANTS.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, flags] of VARIANTS) {
      samples.get(name)?.push(await coldStart(flags, app.env, token));
      await sleep(500);
    }
  }
  console.log(`# Cold start: process start -> first \`started\` of \`next start\`\n`);
  console.log(`${ROUNDS} rounds, Node ${process.version}, database: ${databaseUrl ? "PostgreSQL" : "embedded PGlite"}; load average ${loadAtStart.toFixed(2)} -> ${(loadavg()[0] ?? Number.NaN).toFixed(2)}.\n`);
  console.log(
    table(
      ["Node flags", "median ms", "every round"],
      VARIANTS.map(([name, flags]) => {
        const values = samples.get(name) ?? [];
        return [`${name} (${flags.length > 0 ? flags.map((flag) => flag.replace(ROOT, ".")).join(" ") : "none"})`, distribution(values).p50.toFixed(0), values.map((value) => value.toFixed(0)).join(", ")];
      }),
    ),
  );
} finally {
  await upstream.stop();
  await app.database.drop();
  killAll();
}
