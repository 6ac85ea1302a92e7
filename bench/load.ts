// Load shapes the benchmark drives a target with: one at a time, all at once (or over a ramp),
// and a closed loop of workers.
import { storyBody } from "../test/support/client.ts";
import { progress } from "./progress.ts";
import { openStream, type StreamOptions, type StreamRecord } from "./sse-client.ts";

export type TargetName = "relay" | "route relay" | "StoryStream" | "StoryStream node server" | "StoryStream before" | "StoryStream node server before";
export type Target = { name: TargetName; url: string; pid: number; tokens: string[] };

const STREAM_TIMEOUT_MS = 180_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let requestCounter = 0;

export function stream(target: Target, schedule: string, options: Pick<StreamOptions, "pauseMs"> = {}): Promise<StreamRecord> {
  requestCounter++;
  const body = storyBody({ story_name: `Bench ${requestCounter}`, story_idea: `${schedule} a benchmark story for ${target.name}` });
  const token = target.tokens.length > 0 ? target.tokens[requestCounter % target.tokens.length] : undefined;
  return openStream({ url: `${target.url}/api/v1/stories/generate-stream/`, token, body, timeoutMs: STREAM_TIMEOUT_MS, ...options });
}

/**
 * A cold start: asks `target` for a story every 10 ms until one starts, and gives the time from
 * `spawnedAt` (epoch ms, when its process was started) to that `started`; NaN after 60 s.
 */
export async function coldStartMs(target: Target, spawnedAt: number): Promise<number> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(10)) {
    const sentAt = performance.timeOrigin + performance.now();
    const record = await stream(target, "bench:3:0");
    if (record.toStarted !== undefined) return sentAt + record.toStarted - spawnedAt;
  }
  return Number.NaN;
}

export async function sequential(target: Target, count: number, schedule: string, label: string): Promise<StreamRecord[]> {
  const bar = progress(label, count);
  const records: StreamRecord[] = [];
  for (let i = 0; i < count; i++) {
    records.push(await stream(target, schedule));
    bar.tick();
  }
  return records;
}

/** `count` streams, opened at once (rampMs 0) or spread evenly over rampMs. */
export async function concurrent(target: Target, count: number, schedule: string, label: string, { rampMs = 0, pauseMs }: { rampMs?: number; pauseMs?: number } = {}): Promise<StreamRecord[]> {
  const bar = progress(label, count);
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      if (rampMs > 0) await sleep((i / count) * rampMs);
      const record = await stream(target, schedule, { pauseMs });
      bar.tick();
      return record;
    }),
  );
}

export async function closedLoop(target: Target, count: number, workers: number, schedule: string, label: string): Promise<{ records: StreamRecord[]; seconds: number }> {
  const bar = progress(label, count);
  const records: StreamRecord[] = [];
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) {
        next++;
        records.push(await stream(target, schedule));
        bar.tick();
      }
    }),
  );
  return { records, seconds: (performance.now() - startedAt) / 1000 };
}

export const completed = (records: readonly StreamRecord[]) => records.filter((r) => r.outcome === "completed");
export const refused = (records: readonly StreamRecord[]) => records.filter((r) => r.status === 503 && r.retryAfter !== undefined);
export const allDelays = (records: readonly StreamRecord[]) => records.flatMap((r) => r.delays);
export const pick = (records: readonly StreamRecord[], field: "toStarted" | "toFirstWord" | "lastContentToCompleted") => records.flatMap((r) => (r[field] === undefined ? [] : [r[field]]));
export function failures(records: readonly StreamRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (r.outcome === "completed") continue;
    const reason = `${r.outcome}: ${r.detail ?? ""}${r.retryAfter ? ` (Retry-After ${r.retryAfter})` : ""}`;
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, n]) => `${n}x ${reason}`).join("; ");
}
