import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { getLimitStore } from "./limit-store";

/** The client address: the first X-Forwarded-For hop set by the platform's proxy (Vercel, nginx). */
export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
}

function keys(email: string, ip: string) {
  return { account: `login-failures:account:${email}`, ip: `login-failures:ip:${ip}` };
}

/** 429 with Retry-After once an account or an address has failed too often in the window. */
export async function assertLoginAllowed({ email, ip }: { email: string; ip: string }): Promise<void> {
  const env = getEnv();
  if (env.RATE_LIMIT_DISABLED) return;
  const windowMs = env.LOGIN_THROTTLE_WINDOW_SECONDS * 1000;
  const store = getLimitStore();
  const key = keys(email, ip);
  const [account, address] = await Promise.all([store.peek({ key: key.account, windowMs }), store.peek({ key: key.ip, windowMs })]);
  const blocked =
    account.count >= env.LOGIN_MAX_FAILURES_PER_ACCOUNT ? account : address.count >= env.LOGIN_MAX_FAILURES_PER_IP ? address : null;
  if (blocked) {
    const retryAfter = Math.max(1, Math.ceil((blocked.resetAt.getTime() - Date.now()) / 1000));
    throw new ApiError(429, "Too many failed sign-in attempts; please wait and try again", {
      headers: { "Retry-After": String(retryAfter) },
    });
  }
}

export async function recordLoginFailure({ email, ip }: { email: string; ip: string }): Promise<void> {
  const env = getEnv();
  if (env.RATE_LIMIT_DISABLED) return;
  const windowMs = env.LOGIN_THROTTLE_WINDOW_SECONDS * 1000;
  const store = getLimitStore();
  const key = keys(email, ip);
  await Promise.all([store.increment({ key: key.account, windowMs }), store.increment({ key: key.ip, windowMs })]);
}
