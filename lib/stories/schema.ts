import { z } from "zod";
import "../zod-jitless.ts";
import { FIELD_LIMITS, MAX_AGE, MIN_AGE } from "./policy.ts";

// Control characters (U+0000 cannot even be stored) are refused up front, not after a story streamed.
const CONTROL_CHARACTERS = /[\p{Cc}]/u;
const CONTROL_CHARACTERS_EXCEPT_LINES = /[^\P{Cc}\t\n\r]/u;

const text = (field: string, max: number, { multiline = false } = {}) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine((value) => !(multiline ? CONTROL_CHARACTERS_EXCEPT_LINES : CONTROL_CHARACTERS).test(value), {
      message: multiline ? `${field} must not contain control characters` : `${field} must not contain control characters or line breaks`,
    });

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/**
 * The canonical form of a tag made only of a known ISO 639 language, a script and a region
 * ("pt-br" -> "pt-BR"), or undefined. Variants, extensions and private use (`en-x-ignore-all-rules`)
 * are refused: the tag reaches the model's instructions.
 */
export function canonicalLanguageTag(tag: string): string | undefined {
  try {
    const locale = new Intl.Locale(tag);
    const plain = [locale.language, locale.script, locale.region].filter(Boolean).join("-");
    if (locale.toString() !== plain) return undefined;
    if (!/^[a-z]{2,3}$/.test(locale.language) || languageNames.of(locale.language) === undefined) return undefined;
    return plain;
  } catch {
    return undefined;
  }
}

/** The body of POST /api/v1/stories/generate-stream/, shared by the API and the story form. */
export const storyRequestSchema = z.object({
  story_name: text("Title", FIELD_LIMITS.story_name),
  hero_name: text("Hero name", FIELD_LIMITS.hero_name),
  story_idea: text("Story idea", FIELD_LIMITS.story_idea, { multiline: true }),
  story_style: text("Style", FIELD_LIMITS.story_style),
  language: text("Language", FIELD_LIMITS.language)
    .refine((tag) => canonicalLanguageTag(tag) !== undefined, {
      message: "Language must be a BCP 47 tag such as en, fr, pt-BR or zh-Hant: a language, optionally a script and a region, nothing more",
    })
    .transform((tag) => canonicalLanguageTag(tag) ?? tag),
  age: z
    .number({ error: "Age must be a whole number" })
    .int("Age must be a whole number")
    .min(MIN_AGE, `Age must be between ${MIN_AGE} and ${MAX_AGE}`)
    .max(MAX_AGE, `Age must be between ${MIN_AGE} and ${MAX_AGE}`),
});

export type StoryRequest = z.infer<typeof storyRequestSchema>;
