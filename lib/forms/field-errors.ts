import type { z } from "zod";

export type FieldErrors = Partial<Record<string, string>>;

type Issue = { path: PropertyKey[]; message: string } | { field: string; message: string };

/** The first message per top-level field, from zod issues or the API's `details`. */
export function toFieldErrors(issues: readonly Issue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = "field" in issue ? issue.field : String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  return toFieldErrors(error.issues);
}
