// The processes a run starts, each on 127.0.0.1: the timestamping upstream, the raw node:http
// relay, the bare route-handler relay (a minimal Next app built from bench/fixtures/route-relay),
// and `next start` of an app directory, with the event-loop probe preloaded in each server.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort, ROOT, serverCommand, type AppServerKind } from "../test/support/app.ts";

export const ROUTE_RELAY_DIR = path.join(ROOT, "bench", "fixtures", "route-relay");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const children = new Set<ChildProcess>();

export function killAll(signal: NodeJS.Signals = "SIGTERM"): void {
  for (const child of children) child.kill(signal);
}

export type Server = { url: string; port: number; child: ChildProcess; logs: string[]; stop: () => Promise<void> };

function track(child: ChildProcess): { logs: string[]; stop: () => Promise<void> } {
  children.add(child);
  const logs: string[] = [];
  const collect = (data: Buffer) => logs.push(...data.toString("utf8").split("\n").filter(Boolean));
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    logs,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(killer);
      }
      children.delete(child);
    },
  };
}

/** A bench/*.ts server that prints `{"listening":port}` once it listens. */
export async function startScript(script: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "bench", script)], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  const { logs, stop } = track(child);
  await waitFor(() => logs.some((line) => line.includes('"listening"')), child, `${script} did not start`, logs);
  return { url: `http://127.0.0.1:${port}`, port, child, logs, stop };
}

async function waitFor(ready: () => boolean | Promise<boolean>, child: ChildProcess, message: string, logs: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${message}: exited with ${child.exitCode}\n${logs.join("\n")}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${message} within 60 s\n${logs.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const listening = (url: string) => () =>
  fetch(url).then(
    (res) => (res.body?.cancel(), true),
    () => false,
  );

/** `next build` of `dir` unless it has a build already. */
export function ensureBuilt(dir: string): void {
  if (existsSync(path.join(dir, ".next", "BUILD_ID"))) return;
  console.error(`No production build in ${path.relative(ROOT, dir) || "."}/.next: running \`next build\` first.`);
  const build = spawnSync(process.execPath, [NEXT_BIN, "build", dir], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) throw new Error(`next build ${dir} failed`);
}

/** `next start` of a built app directory (or its self-hosting server.ts); resolves once it answers HTTP. */
export async function startNext({
  dir,
  env,
  port,
  nodeArgs = [],
  wait = true,
  server = "next",
  startFlags,
}: {
  dir: string;
  env: Record<string, string>;
  port?: number;
  nodeArgs?: string[];
  /** Instead of the Node flags of the checkout's start script (cold-start.ts compares them). */
  startFlags?: string[];
  /** false: return at once (a cold-start measurement polls the story route itself). */
  wait?: boolean;
  /** "node": the app's server.ts, which serves the story stream itself (npm run start:server). */
  server?: AppServerKind;
}): Promise<Server & { spawnedAt: number }> {
  const chosenPort = port ?? (await freePort());
  const spawnedAt = performance.timeOrigin + performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...serverCommand({ dir, port: chosenPort, server, flags: startFlags })], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { logs, stop } = track(child);
  const url = `http://127.0.0.1:${chosenPort}`;
  if (wait) await waitFor(listening(url), child, `next start ${dir} did not answer`, logs);
  return { url, port: chosenPort, child, logs, stop, spawnedAt };
}
