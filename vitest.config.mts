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
          testTimeout: 30_000,
          // Starting `next start` on a fresh embedded database took over 90 s on a loaded 2-core machine.
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
