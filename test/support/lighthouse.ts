import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.ts";

/** The targets: the scores and timings are printed beside these, the rest is asserted. */
export const BUDGETS = {
  performance: 95,
  accessibility: 100,
  bestPractices: 100,
  seo: 100,
  lcpMs: 2000,
  tbtMs: 200,
} as const;

/** The target for the story page's first-load JavaScript, compressed (KiB); printed, see README. */
export const STORY_PAGE_JS_TARGET_KIB = 120;

/**
 * Asserted ceilings of first-load JavaScript per page, compressed as `next start` sends it (gzip), in
 * KiB: what each page measured after the diet plus about 5 KiB, so a regression fails the build. The
 * framework alone (React and the Next.js runtime) is about 136 KiB of it.
 */
export const JS_BUDGET_KIB = {
  home: 152,
  docs: 145,
  "sign-in": 152,
  "sign-up": 152,
  story: 155,
  library: 147,
  reader: 150,
} as const;

export type PageName = keyof typeof JS_BUDGET_KIB;
export type PageToAudit = { name: PageName; path: string; signedIn: boolean };

export type Category = "performance" | "accessibility" | "best-practices" | "seo";

export type PageAudit = {
  name: PageName;
  url: string;
  scores: Partial<Record<Category, number>>;
  lcpMs?: number;
  tbtMs?: number;
  jsKiB: number;
  jsFiles: number;
  jsUrls: string[];
  consoleErrors: string[];
  /** Titles of the scored audits that did not pass in the non-performance categories. */
  failingAudits: string[];
};

const score = (value: number | null | undefined) => (value == null ? undefined : Math.round(value * 100));

/** The first few rows of an audit's table, enough to see what failed. */
function detailSummary(details: Result["audits"][string]["details"]): string {
  if (details?.type !== "table" || details.items.length === 0) return "";
  return ` (${details.items
    .slice(0, 3)
    .map((item) => JSON.stringify(item).slice(0, 300))
    .join("; ")})`;
}

function toPageAudit(name: PageName, lhr: Result): PageAudit {
  const requests = lhr.audits["network-requests"]?.details;
  const items = requests?.type === "table" ? requests.items : [];
  const scripts = items.filter((item) => item.resourceType === "Script");
  const jsBytes = scripts.reduce((total, item) => total + (typeof item.transferSize === "number" ? item.transferSize : 0), 0);

  const consoleDetails = lhr.audits["errors-in-console"]?.details;
  const consoleErrors = (consoleDetails?.type === "table" ? consoleDetails.items : []).map((item) =>
    [item.source, item.description, item.url].filter((part) => typeof part === "string" && part).join(": "),
  );

  const failingAudits = (["accessibility", "best-practices", "seo"] as const).flatMap((category) =>
    (lhr.categories[category]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .flatMap((audit) => (audit !== undefined && audit.score !== null && audit.score < 1 ? [audit] : []))
      .map((audit) => `${category}: ${audit.title}${detailSummary(audit.details)}`),
  );

  const scores: PageAudit["scores"] = {};
  for (const category of ["performance", "accessibility", "best-practices", "seo"] as const) {
    const value = score(lhr.categories[category]?.score);
    if (value !== undefined) scores[category] = value;
  }
  return {
    name,
    url: lhr.finalDisplayedUrl,
    scores,
    lcpMs: lhr.audits["largest-contentful-paint"]?.numericValue,
    tbtMs: lhr.audits["total-blocking-time"]?.numericValue,
    jsKiB: jsBytes / 1024,
    jsFiles: scripts.length,
    jsUrls: scripts.flatMap((item) => (typeof item.url === "string" ? [item.url] : [])),
    consoleErrors,
    failingAudits,
  };
}

/**
 * Runs Lighthouse's mobile profile (the default config: emulated mid-range phone, simulated slow
 * 4G) on each page in turn, in one headless Debian Chromium. `cookie` signs in the pages that need it.
 */
export async function auditPages({
  baseUrl,
  pages,
  cookie,
  categories,
}: {
  baseUrl: string;
  pages: readonly PageToAudit[];
  cookie: string;
  categories: readonly Category[];
}): Promise<PageAudit[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: ["--headless=new", ...CHROMIUM_ARGS],
  });
  try {
    const results: PageAudit[] = [];
    for (const page of pages) {
      const runner = await lighthouse(`${baseUrl}${page.path}`, {
        port: chrome.port,
        logLevel: "error",
        output: "json",
        onlyCategories: [...categories],
        // Outside the chosen categories, but they carry the page's script bytes and console errors.
        onlyAudits: ["network-requests", "errors-in-console"],
        extraHeaders: page.signedIn ? { Cookie: cookie } : {},
      });
      if (!runner) throw new Error(`Lighthouse returned nothing for ${page.path}`);
      if (runner.lhr.runtimeError) throw new Error(`Lighthouse failed on ${page.path}: ${runner.lhr.runtimeError.message}`);
      results.push(toPageAudit(page.name, runner.lhr));
    }
    return results;
  } finally {
    chrome.kill();
  }
}

const fixed = (value: number | undefined, digits = 0) => (value === undefined ? "-" : value.toFixed(digits));

/** A Markdown table of the audits beside the budgets. */
export function auditTable(audits: readonly PageAudit[]): string {
  const header = [
    "page",
    `performance (≥ ${BUDGETS.performance})`,
    "accessibility",
    "best practices",
    "SEO",
    `LCP s (< ${BUDGETS.lcpMs / 1000})`,
    `TBT ms (< ${BUDGETS.tbtMs})`,
    "JS KiB (budget)",
    "console errors",
  ];
  const rows = audits.map((audit) => [
    `\`${new URL(audit.url).pathname}\` (${audit.name})`,
    fixed(audit.scores.performance),
    fixed(audit.scores.accessibility),
    fixed(audit.scores["best-practices"]),
    fixed(audit.scores.seo),
    fixed(audit.lcpMs === undefined ? undefined : audit.lcpMs / 1000, 2),
    fixed(audit.tbtMs),
    `${audit.jsKiB.toFixed(1)} (${JS_BUDGET_KIB[audit.name]})`,
    String(audit.consoleErrors.length),
  ]);
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
