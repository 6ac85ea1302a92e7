type Level = "info" | "warn" | "error";

// Lines wait for the end of the event loop's turn and leave together: under load a turn logs many
// requests, and each write to a pipe is a synchronous system call. `exit` writes what is left.
const pending = { stdout: "", stderr: "" };
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  const { stdout, stderr } = pending;
  pending.stdout = "";
  pending.stderr = "";
  if (stdout) process.stdout.write(stdout);
  if (stderr) process.stderr.write(stderr);
}

process.once("exit", flush);

/** One JSON line per event; callers pass ids and figures, never story text or secrets. */
export function logEvent(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`;
  // Straight to the stream, not `console`: Next.js wraps `console` per request, which costs on a hot path.
  if (level === "error") pending.stderr += line;
  else pending.stdout += line;
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}
