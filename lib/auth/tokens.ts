import { hkdfSync, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { boundedCache } from "@/lib/bounded-cache";
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

type SignedClaims = VerifiedToken & { version: number };

// Checking a signature is the costliest step of a request's authentication (WebCrypto's HMAC, about
// 0.1 ms of CPU), and an API client sends the same token with every request. The result for exactly
// this string is remembered; expiry, revocation and the token version are still checked every time.
const verifiedSignatures = boundedCache<string, SignedClaims>(2_000);

/** The claims of a token this deployment signed, if unexpired; else null. Checks no revocation. */
export async function verifySignedClaims(token: string): Promise<SignedClaims | null> {
  const known = verifiedSignatures.get(token);
  if (known) return known.expiresAt.getTime() > Date.now() ? known : null;
  try {
    const { payload } = await jwtVerify(token, getSigningKey(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    const { sub, email, jti, ver, exp } = payload;
    if (typeof sub !== "string" || typeof email !== "string" || typeof jti !== "string" || typeof ver !== "number" || !exp) return null;
    const claims = { id: sub, email, jti, version: ver, expiresAt: new Date(exp * 1000) };
    verifiedSignatures.set(token, claims);
    return claims;
  } catch {
    return null;
  }
}

/** A token signed by this deployment, unexpired, not revoked, of the user's current version; else null. */
export async function verifyAccessToken(token: string): Promise<VerifiedToken | null> {
  const claims = await verifySignedClaims(token);
  if (!claims) return null;
  const state = await findCredentialState({ userId: claims.id, jti: claims.jti });
  if (!state || state.revoked || state.tokenVersion !== claims.version) return null;
  return { id: claims.id, email: claims.email, jti: claims.jti, expiresAt: claims.expiresAt };
}
