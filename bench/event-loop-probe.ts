// Preloaded into a server under test (NODE_OPTIONS=--import ./bench/event-loop-probe.ts) so the
// app's code stays untouched: on SIGUSR2 it writes the event-loop delay histogram since the last
// signal, and the process's memory, to BENCH_PROBE_DIR/<pid>.json and starts a new histogram.
// With --expose-gc it collects garbage first, so a leak check compares live memory, not lazy heap
// growth. Inert unless BENCH_PROBE_DIR is set. Also used by the resilience suite's soak test.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const file = path.join(dir, `${process.pid}.json`);
  const snapshot = (sequence: number) => {
    globalThis.gc?.();
    const ms = (ns: number) => ns / 1e6;
    const memory = process.memoryUsage();
    const sample = {
      sequence,
      argv: process.argv.slice(1, 3),
      count: histogram.count,
      p50: ms(histogram.percentile(50)),
      p90: ms(histogram.percentile(90)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      gc: typeof globalThis.gc === "function",
    };
    histogram.reset();
    writeFileSync(file, JSON.stringify(sample));
  };
  let sequence = 0;
  snapshot(sequence);
  process.on("SIGUSR2", () => snapshot(++sequence));
}
