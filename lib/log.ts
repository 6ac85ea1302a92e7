type Level = "info" | "warn" | "error";

/** One JSON line per event; callers pass ids and figures, never story text or secrets. */
export function logEvent(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
