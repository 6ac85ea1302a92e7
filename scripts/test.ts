// `npm test`: the type check and lint (each counted as one test), unit tests, then a production
// build, then the integration suite against `next start` on the embedded database and, when
// TEST_DATABASE_URL is set, on that PostgreSQL server too, then the story stream's suites against
// the self-hosting server (server.ts, on the same database), then the resilience suite (on TEST_DATABASE_URL's server, else the
// local one at 127.0.0.1:5432), then the Playwright browser suite (e2e/) against the same build.
// Prints one "N passed, N failed" line at the end.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const reportDir = mkdtempSync(path.join(tmpdir(), "storystream-test-"));

type Totals = { passed: number; failed: number; skipped: number };
const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  const ok = result.status === 0;
  if (!ok) failedSteps.push(label);
  return ok;
}

function vitest(label: string, project: string, env: Record<string, string> = {}): void {
  const report = path.join(reportDir, `${label.replace(/\W+/g, "-")}.json`);
  run(label, bin("vitest"), ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], env);
  try {
    const summary: { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number } = JSON.parse(
      readFileSync(report, "utf8"),
    );
    totals.passed += summary.numPassedTests;
    // A file whose set-up failed reports its tests as skipped: count the file as a failure instead.
    totals.failed += summary.numFailedTests > 0 ? summary.numFailedTests : summary.numFailedTestSuites;
    totals.skipped += summary.numPendingTests + summary.numTodoTests;
  } catch {
    totals.failed += 1; // the runner died before reporting
  }
}

/** A check that is not a test runner (type check, lint): it counts as one passed or one failed test. */
function check(label: string, script: string): void {
  if (run(label, "npm", ["run", "--silent", script])) totals.passed += 1;
  else totals.failed += 1;
}

check("type check (npm run typecheck)", "typecheck");
check("lint (npm run lint)", "lint");
vitest("unit tests", "unit");
if (process.env.SKIP_BUILD !== "1" && !run("next build", bin("next"), ["build"])) {
  console.error("\nThe build failed; the integration suite needs it.");
  process.exit(1);
}
vitest("integration tests (embedded PGlite)", "integration", { TEST_DATABASE_URL: "" });
if (process.env.TEST_DATABASE_URL) {
  vitest(`integration tests (PostgreSQL ${new URL(process.env.TEST_DATABASE_URL).host})`, "integration");
} else {
  console.log("\nTEST_DATABASE_URL is not set: the integration suite ran on the embedded database only.");
}
// The story stream's suites once more, against the self-hosting server (server.ts).
vitest(`integration tests of the self-hosting server (${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "embedded PGlite"})`, "integration-node-server");
vitest("resilience tests", "resilience");
vitest("resilience tests of the self-hosting server", "resilience-node-server");

function playwright(label: string): void {
  const report = path.join(reportDir, "e2e.json");
  // The browser suite runs on a fresh embedded database of its own.
  run(label, bin("playwright"), ["test"], { E2E_JSON_REPORT: report, TEST_DATABASE_URL: "" });
  try {
    const { stats }: { stats: { expected: number; unexpected: number; flaky: number; skipped: number } } = JSON.parse(readFileSync(report, "utf8"));
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  } catch {
    totals.failed += 1; // the runner died before reporting
  }
}

if (process.env.SKIP_E2E === "1") {
  console.log("\nSKIP_E2E=1: the browser suite did not run.");
} else {
  playwright("e2e tests (Playwright, Chromium)");
}

console.log(`\nFailed steps: ${failedSteps.length ? failedSteps.join(", ") : "none"}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
