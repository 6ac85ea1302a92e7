import { z } from "zod";

// Control characters (U+0000 cannot even be stored) are refused up front, not after a story streamed.
const CONTROL_CHARACTERS = /[\p{Cc}]/u;
const CONTROL_CHARACTERS_EXCEPT_LINES = /[^\P{Cc}\t\n\r]/u;

/** Required trimmed text of 1..max characters without control characters, with messages that name the field. */
export function requiredText(field: string, max: number, { multiline = false } = {}) {
  return z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine((value) => !(multiline ? CONTROL_CHARACTERS_EXCEPT_LINES : CONTROL_CHARACTERS).test(value), {
      message: multiline ? `${field} must not contain control characters` : `${field} must not contain control characters or line breaks`,
    });
}
