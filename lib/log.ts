type Level = "info" | "warn" | "error";

/** One JSON line per event; callers pass ids and figures, never story text or secrets. */
export function logEvent(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`;
  // Straight to the stream: Next.js wraps `console` per request, which costs on a hot path.
  if (level === "error") process.stderr.write(line);
  else process.stdout.write(line);
}
