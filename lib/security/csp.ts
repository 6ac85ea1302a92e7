import { createHash, randomBytes } from "node:crypto";

/** A fresh, unguessable nonce for one page response (128 bits). */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The CSP source that allows exactly this inline script text. */
export function scriptHashSource(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

/**
 * How a page's scripts are allowed. A dynamic page: this response's nonce (Next.js stamps it on its
 * scripts), and what they load ('strict-dynamic'). A static page, the same file for everyone: the
 * hashes of its inline scripts, and script files from this origin.
 */
export type PageScripts = { nonce: string; inlineScriptHashes: string[] } | { inlineScriptHashes: string[] };

/** The Content-Security-Policy of a page; never 'unsafe-inline' for scripts, and no eval outside development. */
export function pageContentSecurityPolicy({ scripts, isDevelopment }: { scripts: PageScripts; isDevelopment: boolean }): string {
  const nonce = "nonce" in scripts ? scripts.nonce : undefined;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // React's development build uses eval to rebuild server error stacks; production never does.
    "script-src": [
      "'self'",
      ...(nonce ? [`'nonce-${nonce}'`, "'strict-dynamic'"] : []),
      ...scripts.inlineScriptHashes,
      ...(isDevelopment ? ["'unsafe-eval'"] : []),
    ],
    // The dev server injects styles without a nonce; production styles are files or nonced.
    "style-src": isDevelopment ? ["'self'", "'unsafe-inline'"] : ["'self'", ...(nonce ? [`'nonce-${nonce}'`] : [])],
    // style="" attributes (React's style prop) cannot carry a nonce and cannot run code.
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
