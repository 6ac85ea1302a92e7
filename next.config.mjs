import { PHASE_DEVELOPMENT_SERVER } from "next/constants.js";
import { API_CONTENT_SECURITY_POLICY, securityHeaders } from "./lib/http/security-headers.ts";

// Pages get their Content-Security-Policy (a nonce, or a static page's script hashes) from proxy.ts; everything else is set here,
// which also covers API responses (the proxy skips /api so it never touches request bodies or streams).
// Files from public/: the offline page has inline styles and no script; the service worker fetches only this origin.
const OFFLINE_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'";
const SERVICE_WORKER_CONTENT_SECURITY_POLICY = "default-src 'none'; connect-src 'self'";

/** @param {string} phase @returns {import('next').NextConfig} */
export default function nextConfig(phase) {
  const isProduction = phase !== PHASE_DEVELOPMENT_SERVER;
  return {
    // The spec's URL ends in a slash; answer it directly instead of redirecting with a 308.
    skipTrailingSlashRedirect: true,
    poweredByHeader: false,
    serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
    async headers() {
      return [
        { source: "/:path*", headers: securityHeaders(isProduction) },
        { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
        { source: "/offline.html", headers: [{ key: "Content-Security-Policy", value: OFFLINE_PAGE_CONTENT_SECURITY_POLICY }] },
        {
          source: "/sw.js",
          headers: [
            { key: "Content-Security-Policy", value: SERVICE_WORKER_CONTENT_SECURITY_POLICY },
            // A new worker reaches families on their next visit, not after an HTTP cache expires.
            { key: "Cache-Control", value: "no-cache" },
          ],
        },
      ];
    },
  };
}
