import { hkdfSync } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { getEnv } from "@/lib/env";
import type { AuthUser } from "./accounts";

const ISSUER = "storystream";
const AUDIENCE = "storystream-api";

// A key of its own, derived from NEXTAUTH_SECRET, so API tokens and session cookies never mix.
let signingKey: Uint8Array | undefined;
function getSigningKey(): Uint8Array {
  signingKey ??= new Uint8Array(hkdfSync("sha256", getEnv().authSecret, "", "storystream api access token", 32));
  return signingKey;
}

export async function issueAccessToken(user: AuthUser): Promise<{ access_token: string; token_type: "Bearer"; expires_in: number }> {
  const ttl = getEnv().ACCESS_TOKEN_TTL_SECONDS;
  const accessToken = await new SignJWT({ email: user.email })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(getSigningKey());
  return { access_token: accessToken, token_type: "Bearer", expires_in: ttl };
}

/** The user id of a valid, unexpired token signed by this deployment, else null. */
export async function verifyAccessToken(token: string): Promise<{ id: string; email: string } | null> {
  try {
    const { payload } = await jwtVerify(token, getSigningKey(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
    });
    if (typeof payload.sub !== "string" || typeof payload.email !== "string") return null;
    return { id: payload.sub, email: payload.email };
  } catch {
    return null;
  }
}
