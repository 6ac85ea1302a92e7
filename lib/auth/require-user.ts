import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { hashApiKey, looksLikeApiKey } from "@/lib/api-keys/keys";
import { findApiKeyOwner } from "@/lib/api-keys/repository";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { findCredentialState } from "@/lib/users/repository";
import { verifyAccessToken } from "./tokens";

export type RequestUser =
  | { id: string; email: string; via: "bearer"; token: { jti: string; expiresAt: Date } }
  | { id: string; email: string; via: "api_key" | "session" };

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

async function userForBearer(credential: string): Promise<RequestUser | null> {
  if (looksLikeApiKey(credential)) {
    const owner = await findApiKeyOwner({ keyHash: hashApiKey(credential) });
    return owner && { id: owner.userId, email: owner.email, via: "api_key" };
  }
  const token = await verifyAccessToken(credential);
  return token && { id: token.id, email: token.email, via: "bearer", token: { jti: token.jti, expiresAt: token.expiresAt } };
}

/** The session cookie's user if the account still exists and the session is of its current token version. */
export async function sessionIsCurrent(session: { sub?: string; ver?: unknown }): Promise<boolean> {
  if (!session.sub) return false;
  const state = await findCredentialState({ userId: session.sub });
  // Sessions from before versions existed carry none: they count as version 0.
  return state !== null && state.tokenVersion === (typeof session.ver === "number" ? session.ver : 0);
}

/**
 * The caller, from `Authorization: Bearer <access_token or API key>` or the browser's next-auth
 * session. A present but invalid bearer credential is a 401 even if a session cookie is also sent.
 */
export async function requireUser(req: NextRequest): Promise<RequestUser> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const [scheme, credential] = authorization.split(" ");
    const user = scheme?.toLowerCase() === "bearer" && credential ? await userForBearer(credential.trim()) : null;
    if (!user) throw new ApiError(401, "Invalid or expired access token", { headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
    return user;
  }
  const session = await getToken({ req, secret: getEnv().authSecret });
  if (!session?.sub || !(await sessionIsCurrent(session))) {
    throw new ApiError(401, "Authentication required: send Authorization: Bearer <access_token>", {
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
  if (!SAFE_METHODS.has(req.method) && !isSameOriginRequest(req)) {
    throw new ApiError(403, "Cross-site request refused");
  }
  return { id: session.sub, email: session.email ?? "", via: "session" };
}
