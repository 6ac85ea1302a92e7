/** Where limit counters live: the database, or Redis when REDIS_URL is set. Never process memory. */
export type LimitStore = {
  /** Adds one to the window's counter unless it already reached `limit`; atomic across instances. */
  consume(input: { key: string; limit: number; windowMs: number }): Promise<{ allowed: boolean; resetAt: Date }>;
  /** Gives back one earlier `consume` of the window that ends at `resetAt` (a sign-in that succeeded). */
  refund(input: { key: string; windowMs: number; resetAt: Date }): Promise<void>;
  /** Takes one of `max` concurrent slots for `userId`, or says how long until one may free up. */
  acquireLease(input: { userId: string; max: number; ttlMs: number }): Promise<{ leaseId: string } | { retryAfterMs: number }>;
  releaseLease(leaseId: string): Promise<void>;
  /** Drops every counter whose key starts with one of the prefixes, and the user's leases (account deletion). */
  forget(input: { keyPrefixes: string[]; userId: string }): Promise<void>;
};

/** The store could not be reached in time; limits then fail closed (503). */
export class LimitStoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LimitStoreUnavailableError";
  }
}

export function windowStart(windowMs: number, now = Date.now()): Date {
  return new Date(Math.floor(now / windowMs) * windowMs);
}
