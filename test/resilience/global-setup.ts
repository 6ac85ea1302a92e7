import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../support/app";

/** The suite runs the production build under `next start`: build it once if it is missing. */
export default function setup(): void {
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error("next build failed; the resilience suite needs the production build");
}
