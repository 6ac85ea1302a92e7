// What a server process uses while a step runs: peak RSS and CPU time (pidusage, from /proc), and
// the event-loop delay measured inside it by the preloaded probe (event-loop-probe.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import pidusage from "pidusage";

export const LOOP_RESOLUTION_MS = 10;
export type ProbeSample = {
  sequence: number;
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Live memory after a forced collection (the servers run with --expose-gc). */
  heapUsed: number;
  external: number;
  gc: boolean;
};
export type ResourceUse = { peakRssMb: number; endRssMb: number; startRssMb: number; cpuMs: number; cpuPercent: number; lag?: ProbeSample };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Event-loop delay of a server since the previous call, from its preloaded probe. */
export async function readProbe(probeDir: string, pid: number): Promise<ProbeSample | undefined> {
  const file = path.join(probeDir, `${pid}.json`);
  let before: number;
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

/** Loop lag beyond the probe's timer resolution. */
export const lagMs = (sample: ProbeSample | undefined, field: "p50" | "p99" | "max") => (sample ? Math.max(0, sample[field] - LOOP_RESOLUTION_MS) : Number.NaN);

export async function withResources<T>(probeDir: string, pid: number, work: () => Promise<T>): Promise<{ value: T; resources: ResourceUse }> {
  await readProbe(probeDir, pid); // starts a fresh histogram
  const first = await pidusage(pid);
  const startedAt = performance.now();
  let peak = first.memory;
  const sampler = setInterval(() => {
    pidusage(pid).then((sample) => (peak = Math.max(peak, sample.memory)), () => {});
  }, 200);
  try {
    const value = await work();
    const last = await pidusage(pid);
    const elapsedMs = performance.now() - startedAt;
    const lag = await readProbe(probeDir, pid);
    const mb = (bytes: number) => bytes / 1024 / 1024;
    return {
      value,
      resources: {
        peakRssMb: mb(Math.max(peak, last.memory)),
        endRssMb: mb(last.memory),
        startRssMb: mb(first.memory),
        cpuMs: last.ctime - first.ctime,
        cpuPercent: ((last.ctime - first.ctime) / elapsedMs) * 100,
        lag,
      },
    };
  } finally {
    clearInterval(sampler);
  }
}
