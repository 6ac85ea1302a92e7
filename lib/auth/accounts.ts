import { ApiError } from "@/lib/errors";
import { beginLoginAttempt } from "@/lib/limits/login-throttle";
import { createUser, findUserByEmail, replacePasswordHash } from "@/lib/users/repository";
import { isCommonPassword } from "./common-passwords";
import { checkPassword, getDummyPasswordHash, hashPassword } from "./password";
import type { Credentials } from "./schema";

export type AuthUser = { id: string; email: string; name: string | null; tokenVersion: number };

/** 400 on the `password` field for a password on the bundled list of the most common ones. */
export function assertPasswordNotCommon(password: string, field = "password"): void {
  if (isCommonPassword(password)) {
    throw new ApiError(400, "Invalid request body", {
      details: [{ field, message: "This password is one of the most common ones and easy to guess; choose another" }],
    });
  }
}

export async function registerAccount(input: { email: string; password: string; name?: string }): Promise<AuthUser> {
  assertPasswordNotCommon(input.password);
  const user = await createUser({
    email: input.email,
    name: input.name || undefined,
    passwordHash: await hashPassword(input.password),
  });
  return { id: user.id, email: user.email, name: user.name, tokenVersion: user.tokenVersion };
}

/**
 * The user for these credentials, or null; constant work whether or not the email exists. A
 * hash in an older format (scrypt) is replaced by an Argon2id one on the first sign-in.
 */
export async function verifyCredentials({ email, password }: Credentials): Promise<AuthUser | null> {
  const user = await findUserByEmail(email);
  const check = await checkPassword(password, user?.passwordHash ?? (await getDummyPasswordHash()));
  if (!user || !check.valid) return null;
  if (check.needsRehash) await replacePasswordHash({ userId: user.id, passwordHash: await hashPassword(password) });
  return { id: user.id, email: user.email, name: user.name, tokenVersion: user.tokenVersion };
}

/** Credentials check, throttled per account-and-address and per address (429 when over). */
export async function authenticate(credentials: Credentials & { ip: string }): Promise<AuthUser | null> {
  const attempt = await beginLoginAttempt({ email: credentials.email, ip: credentials.ip });
  const user = await verifyCredentials(credentials);
  if (user) await attempt.succeeded();
  return user;
}
