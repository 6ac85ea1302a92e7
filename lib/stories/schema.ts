import { z } from "zod";
import "../zod-jitless.ts";
import { FIELD_LIMITS, MAX_AGE, MIN_AGE } from "./policy.ts";

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`);

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/** A well-formed BCP 47 tag whose language is a known ISO 639 code ("english" is well-formed, but no language). */
function isLanguageTag(tag: string): boolean {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    const language = canonical?.split("-")[0] ?? "";
    return /^[a-z]{2,3}$/.test(language) && languageNames.of(language) !== undefined;
  } catch {
    return false;
  }
}

/** The body of POST /api/v1/stories/generate-stream/, shared by the API and the story form. */
export const storyRequestSchema = z.object({
  story_name: text("Title", FIELD_LIMITS.story_name),
  hero_name: text("Hero name", FIELD_LIMITS.hero_name),
  story_idea: text("Story idea", FIELD_LIMITS.story_idea),
  story_style: text("Style", FIELD_LIMITS.story_style),
  language: text("Language", FIELD_LIMITS.language).refine(isLanguageTag, {
    message: "Language must be a BCP 47 language tag such as en, fr or pt-BR",
  }),
  age: z
    .number({ error: "Age must be a whole number" })
    .int("Age must be a whole number")
    .min(MIN_AGE, `Age must be between ${MIN_AGE} and ${MAX_AGE}`)
    .max(MAX_AGE, `Age must be between ${MIN_AGE} and ${MAX_AGE}`),
});

export type StoryRequest = z.infer<typeof storyRequestSchema>;
