import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { getLimitStore } from "./limit-store";

const HOUR_MS = 60 * 60 * 1000;

function tooMany(message: string, resetAt: Date): ApiError {
  const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
  return new ApiError(429, message, { headers: { "Retry-After": String(retryAfter) } });
}

/**
 * Counts a registration per client address and against a global hourly ceiling before any
 * password is hashed: a fresh account would otherwise escape every per-user limit.
 */
export async function assertRegistrationAllowed({ ip }: { ip: string }): Promise<void> {
  const env = getEnv();
  if (env.RATE_LIMIT_DISABLED) return;
  const store = getLimitStore();
  const perAddress = await store.consume({ key: `register-ip:${ip}`, limit: env.REGISTRATIONS_PER_IP_PER_HOUR, windowMs: HOUR_MS });
  if (!perAddress.allowed) throw tooMany("Too many accounts were created from your network; please try again later", perAddress.resetAt);
  const global = await store.consume({ key: "register-global", limit: env.REGISTRATIONS_PER_HOUR, windowMs: HOUR_MS });
  if (!global.allowed) {
    await store.refund({ key: `register-ip:${ip}`, windowMs: HOUR_MS, resetAt: perAddress.resetAt });
    throw tooMany("Sign-ups are paused for a while; please try again later", global.resetAt);
  }
}
