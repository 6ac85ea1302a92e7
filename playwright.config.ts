import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium (see ../shared/ENVIRONMENT.md): Playwright's own browsers cannot be downloaded here.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  // Starts the OpenAI-compatible test server and the built app (`next start`) on a fresh database.
  globalSetup: "./e2e/global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // scripts/test.ts asks for a JSON report to add the counts to its totals.
  reporter: process.env.E2E_JSON_REPORT ? [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT }]] : [["list"]],
  outputDir: "test-results",
  use: {
    ...devices["Desktop Chrome"],
    channel: undefined,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
});
