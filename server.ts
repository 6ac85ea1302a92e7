// The self-hosting server: `npm run start:server` (after `npm run build`). Next serves the app;
// the story stream is served by this process directly, with the same engine as the route handler.
// On Vercel, `next build` deploys the route handler and this file is not used.
import { registerTypeScriptHooks } from "./lib/server/typescript-hooks.ts";

registerTypeScriptHooks(import.meta.dirname);
// What `next start` loads first (AsyncLocalStorage and the other globals Next's modules expect):
// lib/ imports next/server, which needs them, before Next itself is started.
await import("next/dist/server/node-environment.js");
const { startNodeServer } = await import("./lib/server/node-server.ts");
const { getEnv } = await import("./lib/env.ts");

/** The value after `--port`/`-p` or `--hostname`/`-H`, as `next start` takes them. */
function option(...names: string[]): string | undefined {
  const index = process.argv.findIndex((arg) => names.includes(arg));
  return index === -1 ? undefined : process.argv[index + 1];
}

await startNodeServer({
  dir: import.meta.dirname,
  hostname: option("--hostname", "-H") ?? "0.0.0.0",
  port: Number(option("--port", "-p") ?? getEnv().PORT),
});
