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
    ],
  },
});
