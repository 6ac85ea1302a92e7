import { sessionCookie } from "../test/support/client";
import { auditPages, JS_BUDGET_KIB, type PageToAudit } from "../test/support/lighthouse";
import { registerAccount } from "./support/accounts";
import { expect, test } from "./support/test";

// A static page, a static form, and the story page: few and short, since Lighthouse is CPU-heavy.
// Performance and timings depend on the machine's load: `npm run lighthouse` prints them instead.
const PAGES: PageToAudit[] = [
  { name: "home", path: "/", signedIn: false },
  { name: "sign-in", path: "/sign-in", signedIn: false },
  { name: "story", path: "/new", signedIn: true },
];

test("Lighthouse: accessibility, best practices and SEO score 100, JavaScript within budget, no console errors", async ({ request, baseURL }) => {
  test.setTimeout(180_000);
  if (!baseURL) throw new Error("no baseURL");
  const cookie = await sessionCookie(baseURL, await registerAccount(request));
  const started = performance.now();
  const audits = await auditPages({ baseUrl: baseURL, pages: PAGES, cookie, categories: ["accessibility", "best-practices", "seo"] });
  console.log(`METRIC Lighthouse on ${PAGES.length} pages took ${((performance.now() - started) / 1000).toFixed(1)} s`);

  expect(audits.map((audit) => audit.name)).toEqual(PAGES.map((page) => page.name));
  for (const audit of audits) {
    console.log(`METRIC ${audit.name}: ${JSON.stringify(audit.scores)}, ${audit.jsKiB.toFixed(1)} KiB JavaScript in ${audit.jsFiles} files`);
    expect.soft(audit.failingAudits, `${audit.name}: failing audits`).toEqual([]);
    expect.soft(audit.consoleErrors, `${audit.name}: console errors`).toEqual([]);
    expect.soft(audit.scores, `${audit.name}: scores`).toEqual({ accessibility: 100, "best-practices": 100, seo: 100 });
    expect.soft(audit.jsFiles, `${audit.name}: scripts loaded`).toBeGreaterThan(0);
    expect.soft(audit.jsKiB, `${audit.name}: first-load JavaScript (KiB)`).toBeLessThanOrEqual(JS_BUDGET_KIB[audit.name]);
  }
});
