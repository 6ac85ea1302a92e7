import { hkdfSync, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { getEnv } from "@/lib/env";
import { findCredentialState } from "@/lib/users/repository";

const ISSUER = "storystream";
const AUDIENCE = "storystream-api";

// A key of its own, derived from NEXTAUTH_SECRET, so API tokens and session cookies never mix.
let signingKey: Uint8Array | undefined;
function getSigningKey(): Uint8Array {
  signingKey ??= new Uint8Array(hkdfSync("sha256", getEnv().authSecret, "", "storystream api access token", 32));
  return signingKey;
}

export type TokenSubject = { id: string; email: string; tokenVersion: number };

export async function issueAccessToken(user: TokenSubject): Promise<{ access_token: string; token_type: "Bearer"; expires_in: number }> {
  const ttl = getEnv().ACCESS_TOKEN_TTL_SECONDS;
  const accessToken = await new SignJWT({ email: user.email, ver: user.tokenVersion })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setJti(randomUUID())
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(getSigningKey());
  return { access_token: accessToken, token_type: "Bearer", expires_in: ttl };
}

export type VerifiedToken = { id: string; email: string; jti: string; expiresAt: Date };

/** A token signed by this deployment, unexpired, not revoked, of the user's current version; else null. */
export async function verifyAccessToken(token: string): Promise<VerifiedToken | null> {
  let claims: VerifiedToken & { version: number };
  try {
    const { payload } = await jwtVerify(token, getSigningKey(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    const { sub, email, jti, ver, exp } = payload;
    if (typeof sub !== "string" || typeof email !== "string" || typeof jti !== "string" || typeof ver !== "number" || !exp) return null;
    claims = { id: sub, email, jti, version: ver, expiresAt: new Date(exp * 1000) };
  } catch {
    return null;
  }
  const state = await findCredentialState({ userId: claims.id, jti: claims.jti });
  if (!state || state.revoked || state.tokenVersion !== claims.version) return null;
  return { id: claims.id, email: claims.email, jti: claims.jti, expiresAt: claims.expiresAt };
}
