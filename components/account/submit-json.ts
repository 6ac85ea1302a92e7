import { parseErrorBody } from "@/lib/http/error-body";
import { toFieldErrors, type FieldErrors } from "@/lib/forms/field-errors";

export type JsonOutcome = { ok: true; body: unknown } | { ok: false; message: string; fieldErrors: FieldErrors };

/** Sends JSON to one of our account routes with the session cookie and reads the `{error, details}` answer. */
export async function sendJson(url: string, method: "POST" | "DELETE", body?: unknown): Promise<JsonOutcome> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, message: "We could not reach StoryStream. Check your connection and try again.", fieldErrors: {} };
  }
  const json: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return { ok: true, body: json };
  const { message, details } = parseErrorBody(json);
  const retryAfter = res.headers.get("retry-after");
  const wait = retryAfter ? ` Please wait ${retryAfter} seconds.` : "";
  return { ok: false, message: `${message || "Something went wrong. Please try again."}${wait}`, fieldErrors: toFieldErrors(details) };
}
