/** A same-site path to return to after signing in; anything else (another origin, `//host`) is ignored. */
export function safeReturnPath(value: string | string[] | undefined, fallback = "/new"): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
