// `npm run lighthouse [-- --only home,story] [--json out.json]`: Lighthouse's mobile profile on
// every page of the built app (run `npm run build` first; this builds nothing). Starts `next start`
// on a fresh embedded database with the demo storyteller, signs up a parent, writes one story,
// audits each page in Debian's Chromium and prints a table beside the budgets. Scores and timings
// vary with the machine's load, so this prints them; e2e/lighthouse.spec.ts asserts the rest.
import { existsSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { brotliCompressSync, constants } from "node:zlib";
import path from "node:path";
import { createTestDatabase, ROOT, startApp } from "../test/support/app.ts";
import { createAccount, sessionCookie, storyBody, streamStory } from "../test/support/client.ts";
import { auditPages, auditTable, BUDGETS, JS_BUDGET_KIB, STORY_PAGE_JS_TARGET_KIB, type PageAudit, type PageToAudit } from "../test/support/lighthouse.ts";

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};

if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.error("No build found: run `npm run build` first.");
  process.exit(1);
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
const loadBefore = load();

const database = await createTestDatabase({ embedded: true });
const app = await startApp({ database, env: { DEMO_STORYTELLER: "1" } });
try {
  const account = await createAccount(app.url);
  const story = await streamStory(app.url, account.token, storyBody({ story_name: "The Lighthouse Keeper's Cat", hero_name: "Mira" }));
  const completed = story.events.map(({ event }) => event).find((event) => event.type === "completed");
  if (!completed || completed.type !== "completed") throw new Error(`The demo story did not complete: ${JSON.stringify(story.json ?? story.events.at(-1))}`);

  const pages: PageToAudit[] = [
    { name: "home", path: "/", signedIn: false },
    { name: "docs", path: "/docs", signedIn: false },
    { name: "sign-in", path: "/sign-in", signedIn: false },
    { name: "sign-up", path: "/sign-up", signedIn: false },
    { name: "story", path: "/new", signedIn: true },
    { name: "library", path: "/library", signedIn: true },
    { name: "reader", path: `/stories/${completed.story_id}`, signedIn: true },
  ];
  const only = option("--only")?.split(",");
  const chosen = only ? pages.filter((page) => only.includes(page.name)) : pages;

  const cookie = await sessionCookie(app.url, account);
  // Warm the server first, so no page pays for the first request's compilation and caches.
  for (const page of chosen) await fetch(`${app.url}${page.path}`, { headers: page.signedIn ? { Cookie: cookie } : {} });

  const started = performance.now();
  const audits = await auditPages({
    baseUrl: app.url,
    pages: chosen,
    cookie,
    categories: ["performance", "accessibility", "best-practices", "seo"],
  });
  const seconds = (performance.now() - started) / 1000;

  console.log(`\nLighthouse mobile profile, ${chosen.length} pages in ${seconds.toFixed(0)} s; load average ${loadBefore} before, ${load()} after.\n`);
  console.log(auditTable(audits));
  console.log(`\nFirst-load JavaScript: gzip as \`next start\` sends it, and brotli (quality 11) of the same files, as a brotli CDN would send them.`);
  for (const audit of audits) {
    console.log(`- ${audit.name}: ${audit.jsFiles} files, ${audit.jsKiB.toFixed(1)} KiB gzip, ${(await brotliKiB(audit.jsUrls)).toFixed(1)} KiB brotli`);
  }
  const storyAudit = audits.find((audit) => audit.name === "story");
  if (storyAudit) console.log(`Story page target: <= ${STORY_PAGE_JS_TARGET_KIB} KiB; measured ${storyAudit.jsKiB.toFixed(1)} KiB gzip.`);

  const misses = audits.flatMap((audit) => budgetMisses(audit).map((miss) => `${audit.name}: ${miss}`));
  console.log(misses.length ? `\nOver budget:\n${misses.map((miss) => `- ${miss}`).join("\n")}` : "\nEvery page is within every budget.");

  const jsonPath = option("--json");
  if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ load: { before: loadBefore, after: load() }, audits }, null, 2));
} finally {
  await app.stop();
  await database.drop();
}

async function brotliKiB(urls: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const url of urls) {
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    bytes += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return bytes / 1024;
}

function budgetMisses(audit: PageAudit): string[] {
  const misses: string[] = [];
  const { performance: perf, accessibility, seo } = audit.scores;
  const practices = audit.scores["best-practices"];
  if (perf !== undefined && perf < BUDGETS.performance) misses.push(`performance ${perf} < ${BUDGETS.performance}`);
  if (accessibility !== undefined && accessibility < BUDGETS.accessibility) misses.push(`accessibility ${accessibility}`);
  if (practices !== undefined && practices < BUDGETS.bestPractices) misses.push(`best practices ${practices}`);
  if (seo !== undefined && seo < BUDGETS.seo) misses.push(`SEO ${seo}`);
  if (audit.lcpMs !== undefined && audit.lcpMs >= BUDGETS.lcpMs) misses.push(`LCP ${(audit.lcpMs / 1000).toFixed(2)} s`);
  if (audit.tbtMs !== undefined && audit.tbtMs >= BUDGETS.tbtMs) misses.push(`TBT ${audit.tbtMs.toFixed(0)} ms`);
  if (audit.jsKiB > JS_BUDGET_KIB[audit.name]) misses.push(`JS ${audit.jsKiB.toFixed(1)} KiB > ${JS_BUDGET_KIB[audit.name]}`);
  if (audit.name === "story" && audit.jsKiB > STORY_PAGE_JS_TARGET_KIB) misses.push(`JS ${audit.jsKiB.toFixed(1)} KiB > the ${STORY_PAGE_JS_TARGET_KIB} KiB target`);
  misses.push(...audit.failingAudits, ...audit.consoleErrors.map((error) => `console: ${error}`));
  return misses;
}
