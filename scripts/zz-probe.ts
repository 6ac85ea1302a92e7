import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createTestDatabase, startApp } from "../test/support/app.ts";
import { createAccount } from "../test/support/client.ts";
import { sessionCookie } from "../test/support/lighthouse.ts";
const database = await createTestDatabase({ embedded: true });
const app = await startApp({ database, env: { DEMO_STORYTELLER: "1" } });
const account = await createAccount(app.url);
const cookie = await sessionCookie(app.url, account);
for (const p of process.argv.slice(2)) {
  const res = await fetch(app.url + p, { headers: { Cookie: cookie } });
  const html = await res.text();
  const srcs = [...new Set([...html.matchAll(/\/_next\/static\/chunks\/([\w.-]+\.js)/g)].map((m) => m[1]!))];
  let total = 0;
  const parts = srcs.map((s) => { const gz = gzipSync(readFileSync(".next/static/chunks/" + s)).length; total += gz; return `${s}=${(gz / 1024).toFixed(1)}`; });
  console.log(p, res.status, res.headers.get("cache-control"), (total / 1024).toFixed(1), parts.join(" "));
}
await app.stop(); await database.drop();
