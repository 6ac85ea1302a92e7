/**
 * A same-origin path to return to after signing in, else `fallback`. The value is resolved as a
 * URL the way a browser would (which drops tabs and newlines and reads `\` as `/`), and only a
 * result with our own origin is kept, so `/%09/evil.example` or `/\evil.example` cannot leave the site.
 */
export function safeReturnPath(value: string | string[] | undefined, fallback = "/new"): string {
  const raw = Array.isArray(value) ? value[0] : value;
  return (raw && sameOriginPath(raw, 2)) ?? fallback;
}

const BASE = "http://storystream.invalid";

/** The path if `raw` stays on our origin, also after up to `decodings` more rounds of percent-decoding by a later layer. */
function sameOriginPath(raw: string, decodings: number): string | null {
  let resolved: URL;
  try {
    resolved = new URL(raw, BASE);
  } catch {
    return null;
  }
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (resolved.origin !== BASE || path.startsWith("//") || path.startsWith("/\\")) return null;
  if (decodings > 0) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(resolved.pathname);
    } catch {
      return null;
    }
    if (decoded !== resolved.pathname && sameOriginPath(decoded, decodings - 1) === null) return null;
  }
  return path;
}

/** next-auth's redirect callback: an absolute URL on our origin, else the site's start page. */
export function safeReturnUrl(url: string, baseUrl: string): string {
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
  const candidate = url.startsWith(origin) ? url.slice(origin.length) || "/" : url;
  return `${origin}${safeReturnPath(candidate, "/new")}`;
}
