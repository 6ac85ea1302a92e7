// Imported by next.config.mjs (Node runs this file's TypeScript itself: no imports, no TS-only syntax)
// and by the self-hosting server (server.ts), whose story stream does not pass Next's header rules.

type Header = { key: string; value: string };

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(isProduction: boolean): Header[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    ...(isProduction ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}

/** What next.config.mjs sends on every /api response of a production build, as one header object. */
export const API_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.fromEntries(
  [...securityHeaders(true), { key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }].map(({ key, value }) => [key, value]),
);
