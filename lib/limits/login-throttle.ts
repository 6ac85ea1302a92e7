import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { getLimitStore } from "./limit-store";

/**
 * Lock-out is per account *and* address, so a stranger elsewhere cannot lock a parent out; a
 * per-address ceiling stops one address from trying many accounts.
 */
export function loginKeys({ email, ip }: { email: string; ip: string }) {
  return { accountAtAddress: `${loginKeyPrefix(email)}${ip}`, address: `login-ip:${ip}` };
}

/** Every sign-in counter of this email starts with this (account deletion drops them). */
export function loginKeyPrefix(email: string): string {
  return `login:${email}|`;
}

export type LoginAttempt = { succeeded: () => Promise<void> };

function tooManyAttempts(resetAt: Date): ApiError {
  const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
  return new ApiError(429, "Too many failed sign-in attempts; please wait and try again", { headers: { "Retry-After": String(retryAfter) } });
}

/**
 * Counts the attempt *before* the password is checked, so parallel guesses cannot get past the
 * limit; a successful sign-in gives its count back. 429 with Retry-After when over.
 */
export async function beginLoginAttempt({ email, ip }: { email: string; ip: string }): Promise<LoginAttempt> {
  const env = getEnv();
  if (env.RATE_LIMIT_DISABLED) return { succeeded: async () => {} };
  const windowMs = env.LOGIN_THROTTLE_WINDOW_SECONDS * 1000;
  const store = getLimitStore();
  const key = loginKeys({ email, ip });
  const account = await store.consume({ key: key.accountAtAddress, limit: env.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowMs });
  if (!account.allowed) throw tooManyAttempts(account.resetAt);
  const address = await store.consume({ key: key.address, limit: env.LOGIN_MAX_FAILURES_PER_IP, windowMs });
  if (!address.allowed) {
    await store.refund({ key: key.accountAtAddress, windowMs, resetAt: account.resetAt });
    throw tooManyAttempts(address.resetAt);
  }
  return {
    succeeded: async () => {
      await store.refund({ key: key.accountAtAddress, windowMs, resetAt: account.resetAt });
      await store.refund({ key: key.address, windowMs, resetAt: address.resetAt });
    },
  };
}
