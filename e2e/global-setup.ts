import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../test/support/app";
import { TestStack } from "../test/support/test-stack";

/** One fake model server and one `next start` for the whole run; tests reach it via E2E_BASE_URL. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("Run `npm run build` before the e2e suite.");
  const stack = new TestStack();
  await stack.start();
  process.env.E2E_BASE_URL = stack.app.url;
  return () => stack.stop();
}
