import { assertLoginAllowed, recordLoginFailure } from "@/lib/limits/login-throttle";
import { createUser, findUserByEmail } from "@/lib/users/repository";
import { getDummyPasswordHash, hashPassword, verifyPassword } from "./password";
import type { Credentials } from "./schema";

export type AuthUser = { id: string; email: string; name: string | null };

export async function registerAccount(input: { email: string; password: string; name?: string }): Promise<AuthUser> {
  const user = await createUser({
    email: input.email,
    name: input.name || undefined,
    passwordHash: await hashPassword(input.password),
  });
  return { id: user.id, email: user.email, name: user.name };
}

/** The user for these credentials, or null; constant work whether or not the email exists. */
export async function verifyCredentials({ email, password }: Credentials): Promise<AuthUser | null> {
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await getDummyPasswordHash()));
  return user && valid ? { id: user.id, email: user.email, name: user.name } : null;
}

/** Credentials check with failed-attempt throttling per account and per address (429 when over). */
export async function authenticate(credentials: Credentials & { ip: string }): Promise<AuthUser | null> {
  const attempt = { email: credentials.email, ip: credentials.ip };
  await assertLoginAllowed(attempt);
  const user = await verifyCredentials(credentials);
  if (!user) await recordLoginFailure(attempt);
  return user;
}
