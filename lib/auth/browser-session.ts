/**
 * Signing in and out from the browser through next-auth's own endpoints (the calls its
 * `next-auth/react` client makes), without shipping that client and its session provider.
 */
const AUTH_BASE = "/api/auth";

async function csrfToken(): Promise<string> {
  const res = await fetch(`${AUTH_BASE}/csrf`, { credentials: "same-origin" });
  const body: unknown = await res.json();
  const token = typeof body === "object" && body !== null ? Reflect.get(body, "csrfToken") : undefined;
  if (typeof token !== "string") throw new Error("No CSRF token from /api/auth/csrf");
  return token;
}

async function postAuthForm(path: string, fields: Record<string, string>): Promise<{ ok: boolean; url: string | null }> {
  const res = await fetch(`${AUTH_BASE}/${path}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: "true" }),
  });
  const body: unknown = await res.json().catch(() => null);
  const url = typeof body === "object" && body !== null ? Reflect.get(body, "url") : undefined;
  return { ok: res.ok, url: typeof url === "string" ? url : null };
}

/** `null` when signed in, else next-auth's error code (`CredentialsSignin` for a wrong email or password). */
export async function signInWithPassword(credentials: { email: string; password: string }): Promise<string | null> {
  try {
    const { ok, url } = await postAuthForm("callback/credentials", { ...credentials, callbackUrl: window.location.href });
    const error = url ? new URL(url, window.location.href).searchParams.get("error") : "NoResponse";
    return error ?? (ok ? null : "SignInFailed");
  } catch {
    return "NetworkError";
  }
}

/** Ends the session, then loads `callbackUrl` as a fresh page. */
export async function signOutTo(callbackUrl: string): Promise<void> {
  await postAuthForm("signout", { callbackUrl });
  window.location.assign(callbackUrl);
}
