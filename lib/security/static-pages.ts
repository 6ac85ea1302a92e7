import { createHmac } from "node:crypto";
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

/**
 * The probe header's value: keyed by the app's secret, so a stranger cannot make a static page
 * answer with the probe's policy (a cache in front would then keep it for everyone).
 */
export function cspProbeToken(secret: string): string {
  return createHmac("sha256", secret).update("static-page-csp-probe").digest("base64url");
}

/**
 * Headers that let the probe through Vercel's Deployment Protection (on by default for previews):
 * the visitor's protection cookie, or the project's automation bypass secret when one is set.
 */
export function deploymentProtectionHeaders({ cookie, bypassSecret }: { cookie: string | null; bypassSecret?: string }): Record<string, string> {
  const headers: Record<string, string> = {};
  const protectionCookie = cookie
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith("_vercel_jwt="));
  if (protectionCookie) headers.cookie = protectionCookie;
  if (bypassSecret) headers["x-vercel-protection-bypass"] = bypassSecret;
  return headers;
}

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
export function staticPageScriptHashes(url: URL, { probeToken, headers = {} }: { probeToken: string; headers?: Record<string, string> }): Promise<string[]> {
  const key = `${url.origin}${url.pathname}`;
  let hashes = hashesByUrl.get(key);
  if (!hashes) {
    const probeHeaders = { ...headers, [CSP_PROBE_HEADER]: probeToken };
    hashes = fetch(key, { headers: probeHeaders, redirect: "manual", cache: "no-store" }).then(async (res) => {
      if (res.status !== 200) throw new Error(`static page ${url.pathname} answered ${res.status}`);
      return inlineScriptHashes(await res.text());
    });
    hashes.catch(() => hashesByUrl.delete(key));
    hashesByUrl.set(key, hashes);
  }
  return hashes;
}
