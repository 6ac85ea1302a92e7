import { z } from "zod";

/** Required trimmed text of 1..max characters, with messages that name the field. */
export function requiredText(field: string, max: number) {
  return z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`);
}
