import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { verifyAccessToken } from "./tokens";

export type RequestUser = { id: string; email: string; via: "bearer" | "session" };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Cookie-authenticated writes must come from our own pages, not from another site. */
function isSameOriginRequest(req: NextRequest): boolean {
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite === "same-origin" || fetchSite === "none";
  const origin = req.headers.get("origin");
  if (!origin) return true; // non-browser clients send neither header
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The caller, from `Authorization: Bearer <access_token>` or the browser's next-auth session.
 * A present but invalid bearer token is a 401 even if a session cookie is also sent.
 */
export async function requireUser(req: NextRequest): Promise<RequestUser> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    const user = scheme?.toLowerCase() === "bearer" && token ? await verifyAccessToken(token.trim()) : null;
    if (!user) throw new ApiError(401, "Invalid or expired access token", { headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
    return { ...user, via: "bearer" };
  }
  const session = await getToken({ req, secret: getEnv().authSecret });
  if (!session?.sub) {
    throw new ApiError(401, "Authentication required: send Authorization: Bearer <access_token>", {
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
  if (!SAFE_METHODS.has(req.method) && !isSameOriginRequest(req)) {
    throw new ApiError(403, "Cross-site request refused");
  }
  return { id: session.sub, email: session.email ?? "", via: "session" };
}
