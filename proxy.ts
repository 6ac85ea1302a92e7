import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { THEME_BOOT_SCRIPT } from "@/components/theme/theme-boot-script";
import { getEnv } from "@/lib/env";
import { logEvent } from "@/lib/log";
import { createNonce, pageContentSecurityPolicy, scriptHashSource } from "@/lib/security/csp";
import {
  CSP_PROBE_HEADER,
  cspProbeToken,
  deploymentProtectionHeaders,
  isStaticPage,
  staticPageScriptHashes,
} from "@/lib/security/static-pages";

const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Static pages a signed-in family skips (they cannot check the session themselves). A valid but
 * revoked session goes on to /new too, and from there to the sign-in page, which checks.
 */
const SIGNED_IN_DESTINATION: Partial<Record<string, string>> = { "/": "/new", "/sign-up": "/new" };

/**
 * Page responses get their Content-Security-Policy here. Static pages (lib/security/static-pages.ts)
 * get one that allows their inline scripts by hash; every other page a per-request nonce, which
 * Next.js applies to its scripts from the request's CSP header (server components read `x-nonce`).
 */
export async function proxy(request: NextRequest) {
  const env = getEnv();
  const isDevelopment = env.NODE_ENV === "development";
  const { pathname } = request.nextUrl;

  const destination = SIGNED_IN_DESTINATION[pathname];
  if (destination && (await getToken({ req: request, secret: env.authSecret }))) {
    return NextResponse.redirect(new URL(destination, request.url));
  }

  // In development every page renders per request, so the nonce works for all of them.
  if (isStaticPage(pathname) && !isDevelopment) {
    const response = NextResponse.next();
    const probeToken = cspProbeToken(env.authSecret);
    if (request.headers.get(CSP_PROBE_HEADER) === probeToken) {
      response.headers.set("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
      return response;
    }
    const headers = deploymentProtectionHeaders({ cookie: request.headers.get("cookie"), bypassSecret: env.VERCEL_AUTOMATION_BYPASS_SECRET });
    const inlineScriptHashes = await staticPageScriptHashes(request.nextUrl, { probeToken, headers }).catch((error: unknown) => {
      // Fail closed: without the hashes the page's inline scripts are blocked, never allowed wholesale.
      logEvent("error", "static_csp_failed", { path: pathname, error: String(error) });
      return [];
    });
    response.headers.set("Content-Security-Policy", pageContentSecurityPolicy({ scripts: { inlineScriptHashes }, isDevelopment }));
    return response;
  }

  const nonce = createNonce();
  const policy = pageContentSecurityPolicy({
    scripts: { nonce, inlineScriptHashes: [scriptHashSource(THEME_BOOT_SCRIPT)] },
    isDevelopment,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Not /api: proxy buffers request bodies, and API responses get their headers from next.config.mjs.
      // Not files from public/ (a dot in the last segment): they are not pages.
      source: "/((?!api/|_next/static|_next/image|[^?]*\\.[a-z0-9]+$).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
