import { getEnv } from "@/lib/env";

/**
 * The client's address as seen by the nearest trusted proxy. Each proxy appends the address it saw
 * to X-Forwarded-For, so with N trusted hops the client is the N-th entry from the right; anything
 * further left was written by the client and is ignored. `next start` itself fills the header with
 * the socket's address only when it is absent.
 */
export function clientAddress(headers: Headers, trustedHops = getEnv().TRUSTED_PROXY_HOPS): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (trustedHops === 0 || hops.length === 0) return "unknown";
  return hops[Math.max(0, hops.length - trustedHops)] ?? "unknown";
}
