/** The start of the fixed window of `windowMs` that `now` falls in, the same on every instance. */
export function windowStart(windowMs: number, now = Date.now()): Date {
  return new Date(Math.floor(now / windowMs) * windowMs);
}
