import { existsSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, ROOT, startApp } from "../test/support/app";
import { startFakeOpenAI } from "../test/support/fake-openai";

/** One fake model server and one `next start` for the whole run; tests reach it via E2E_BASE_URL. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("Run `npm run build` before the e2e suite.");
  const upstream = await startFakeOpenAI();
  const database = await createTestDatabase();
  const app = await startApp({ database, upstreamURL: upstream.baseURL });
  process.env.E2E_BASE_URL = app.url;
  return async () => {
    await app.stop();
    await upstream.close();
    await database.drop();
  };
}
