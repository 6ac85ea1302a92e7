import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { MAX_STREAM_SECONDS, RUNNING_CLAIM_TTL_MS } from "@/lib/stories/stream-lifetime";
import { ROOT } from "../support/app";

type FunctionsConfig = { functions: Record<string, { maxDuration?: number }> };

it("builds the generate-stream route with MAX_STREAM_SECONDS as its maxDuration, which the running claims outlive", () => {
  // What the deployment platform reads: the limit Next extracted from the route at build time.
  const manifest: FunctionsConfig = JSON.parse(readFileSync(path.join(ROOT, ".next/server/functions-config-manifest.json"), "utf8"));
  expect(manifest.functions["/api/v1/stories/generate-stream"]?.maxDuration).toBe(MAX_STREAM_SECONDS);
  expect(RUNNING_CLAIM_TTL_MS).toBeGreaterThan(MAX_STREAM_SECONDS * 1000);
});
