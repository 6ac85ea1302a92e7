type Level = "info" | "warn" | "error";

// Info and warning lines wait for the end of the event loop's turn and leave together: under load a
// turn logs many requests, and each write to a pipe is a synchronous system call. `exit` writes what
// is left. Errors are rare and leave at once, so a crash right after one cannot lose it.
let pending = "";

function flush(): void {
  const lines = pending;
  pending = "";
  if (lines) process.stdout.write(lines);
}

process.once("exit", flush);

/** One JSON line per event; callers pass ids and figures, never story text or secrets. */
export function logEvent(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`;
  // Straight to the stream, not `console`: Next.js wraps `console` per request, which costs on a hot path.
  if (level === "error") {
    process.stderr.write(line);
    return;
  }
  if (!pending) setImmediate(flush);
  pending += line;
}
