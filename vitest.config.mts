import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          // Each file starts its own `next start`; two cores run two at a time without starving them.
          maxWorkers: 2,
          // Starting `next start` on a fresh embedded database took 40 s (in a test) to over 90 s (in a hook)
          // on a loaded 2-core machine, against 20 s when idle.
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // The suites of the story stream again, against the self-hosting server (server.ts) instead of `next start`.
          name: "integration-node-server",
          include: [
            "test/integration/generate-stream.test.ts",
            "test/integration/safe-streaming.test.ts",
            "test/integration/safety.test.ts",
            "test/integration/limits-and-idempotency.test.ts",
            "test/integration/admission.test.ts",
            "test/integration/shutdown.test.ts",
            "test/integration/spec-examples.test.ts",
            "test/integration/model-retries.test.ts",
            "test/integration/series.test.ts",
            "test/integration/multi-instance.test.ts",
          ],
          env: { TEST_APP_SERVER: "node" },
          environment: "node",
          maxWorkers: 2,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: "resilience",
          include: ["test/resilience/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/resilience/global-setup.ts"],
          // Load and timing scenarios: one file at a time, so one file's load cannot fail another's time limit.
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Disconnects, faults and properties again, against the self-hosting server (server.ts); the soak stays on `next start`.
          name: "resilience-node-server",
          include: ["test/resilience/disconnects.test.ts", "test/resilience/properties.test.ts", "test/resilience/upstream-faults.test.ts", "test/resilience/database-faults.test.ts"],
          env: { TEST_APP_SERVER: "node" },
          environment: "node",
          globalSetup: ["test/resilience/global-setup.ts"],
          // Load and timing scenarios: one file at a time, so one file's load cannot fail another's time limit.
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
