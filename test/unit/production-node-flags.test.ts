import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { productionNodeFlags, ROOT } from "../support/app";

/** The size of one semi-space of V8's young generation in a fresh `node` started with `flags`, in MB. */
function semiSpaceMb(flags: string[]): number {
  const script = "process.stdout.write(String(require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size))";
  const run = spawnSync(process.execPath, [...flags, "-e", script], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return Number(run.stdout) / 2 ** 20;
}

describe("the production servers' Node.js flags", () => {
  // Left to grow, the young generation's resizes and full scavenges paused every stream for 20-30 ms (bench/README.md, round 5).
  it.each(["next", "node"] as const)("pin the young generation at 16 MB semi-spaces (%s server)", (server) => {
    const flags = productionNodeFlags(ROOT, server);
    expect(flags.length).toBeGreaterThan(0);
    expect(semiSpaceMb(flags)).toBe(16);
  });

  it("are absent for a checkout without start scripts; without them V8 starts below 16 MB (so the check above can fail)", () => {
    expect(semiSpaceMb([])).toBeLessThan(16);
    expect(productionNodeFlags(`${ROOT}/bench/fixtures/route-relay`, "next")).toEqual([]);
  });
});
