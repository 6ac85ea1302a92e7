import { scriptHashSource } from "./csp";

/**
 * The pages prerendered at build time and served as the same file to everyone (no session, no
 * request data), so CDNs and the back/forward cache can keep them. Every other page is rendered
 * per request with a nonce. A page listed here must stay static, and a static page must be listed:
 * test/integration/security-headers.test.ts checks both.
 */
export const STATIC_PAGES: ReadonlySet<string> = new Set(["/", "/docs", "/sign-up"]);

/** Marks the proxy's own fetch of a static page, so it is served without looking itself up again. */
export const CSP_PROBE_HEADER = "x-storystream-csp-probe";

export function isStaticPage(pathname: string): boolean {
  return STATIC_PAGES.has(pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname);
}

/** CSP hash sources of every inline <script> in a page (Next.js inlines its RSC payload as scripts). */
export function inlineScriptHashes(html: string): string[] {
  const sources = new Set<string>();
  for (const [, attributes = "", body = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc\s*=/i.test(attributes) && body) sources.add(scriptHashSource(body));
  }
  return [...sources];
}

const hashesByUrl = new Map<string, Promise<string[]>>();

/**
 * The inline script hashes of a static page, read once per server process from the page itself:
 * the file only changes with a new build, and a new build is a new process.
 */
export function staticPageScriptHashes(url: URL): Promise<string[]> {
  const key = `${url.origin}${url.pathname}`;
  let hashes = hashesByUrl.get(key);
  if (!hashes) {
    hashes = fetch(key, { headers: { [CSP_PROBE_HEADER]: "1" }, redirect: "manual", cache: "no-store" }).then(async (res) => {
      if (res.status !== 200) throw new Error(`static page ${url.pathname} answered ${res.status}`);
      return inlineScriptHashes(await res.text());
    });
    hashes.catch(() => hashesByUrl.delete(key));
    hashesByUrl.set(key, hashes);
  }
  return hashes;
}
