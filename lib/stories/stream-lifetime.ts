/**
 * The longest a generation stream may run, in seconds: the generate-stream route's `maxDuration`.
 * Next reads that export statically, so the route repeats the number as a literal; a test checks
 * that the built route's limit is this one.
 */
export const MAX_STREAM_SECONDS = 300;

/**
 * How long what a running generation holds (its concurrent-stream lease, its Idempotency-Key
 * claim) lasts: a minute past the longest stream, so a crashed instance's claims free themselves.
 */
export const RUNNING_CLAIM_TTL_MS = (MAX_STREAM_SECONDS + 60) * 1000;
