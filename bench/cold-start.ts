// `node bench/cold-start.ts [--database-url postgresql://...] [--rounds 6]`: process start -> first
// `started` of `next start`, with `npm start`'s Node flags and without them, the variants in turn
// each round. The full run measures only the flags `npm start` uses; this tells what they cost.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { freePort, productionNodeFlags, ROOT } from "../test/support/app.ts";
import { createAccount } from "../test/support/client.ts";
import { ENGINE_BENCH_ENV, startAppBuild } from "./app-server.ts";
import { stream } from "./load.ts";
import { killAll, startScript } from "./servers.ts";
import { distribution, table } from "./stats.ts";

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const databaseUrl = option("--database-url") ?? (process.env.DATABASE_URL || undefined);
const ROUNDS = Number(option("--rounds") ?? 6);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const startFlags = productionNodeFlags(ROOT, "next");
const VARIANTS: Array<[string, string[]]> = [
  ["no flags", []],
  ["`npm start`'s flags without the preload", startFlags.filter((flag) => !flag.startsWith("--import"))],
  ["`npm start`'s flags", startFlags],
];

/** Spawns `next start` with `flags` and asks for a story every 10 ms until one starts: ms from spawn to `started`. */
async function coldStart(flags: string[], env: Record<string, string>, token: string): Promise<number> {
  const port = await freePort();
  const spawnedAt = performance.timeOrigin + performance.now();
  const child = spawn(process.execPath, [...flags, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", ROOT, "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  try {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(10)) {
      const sentAt = performance.timeOrigin + performance.now();
      const record = await stream({ name: "StoryStream", url: `http://127.0.0.1:${port}`, pid: 0, tokens: [token] }, "bench:3:0");
      if (record.toStarted !== undefined) return sentAt + record.toStarted - spawnedAt;
    }
    throw new Error(`no story started within 60 s with flags ${flags.join(" ")}`);
  } finally {
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
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
