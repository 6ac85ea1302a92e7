import { z } from "zod";
import "../zod-jitless.ts";
import { boundedCache } from "../bounded-cache.ts";
import { requiredText as text } from "../validation/text.ts";
import { FIELD_LIMITS, MAX_AGE, MAX_CHARACTERS_PER_STORY, MIN_AGE } from "./policy.ts";

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
// Every request's language goes through Intl.Locale (tens of µs); families use a handful of tags.
const canonicalTags = boundedCache<string, string | undefined>(500);

/**
 * The canonical form of a tag made only of a known ISO 639 language, a script and a region
 * ("pt-br" -> "pt-BR"), or undefined. Variants, extensions and private use (`en-x-ignore-all-rules`)
 * are refused: the tag reaches the model's instructions.
 */
export function canonicalLanguageTag(tag: string): string | undefined {
  if (canonicalTags.has(tag)) return canonicalTags.get(tag);
  const canonical = parseLanguageTag(tag);
  canonicalTags.set(tag, canonical);
  return canonical;
}

function parseLanguageTag(tag: string): string | undefined {
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

// zod runs later checks on a value that failed the array type; this one would misread a string.
const isList = (payload: { value: unknown }) => Array.isArray(payload.value);

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
  character_ids: z
    .array(z.uuid("Each character id must be a character's id (a UUID)"), { error: "character_ids must be a list of character ids" })
    .max(MAX_CHARACTERS_PER_STORY, `Choose at most ${MAX_CHARACTERS_PER_STORY} characters`)
    .refine((ids) => new Set(ids).size === ids.length, { error: "Each character can be chosen once", when: isList })
    .optional()
    .meta({
      description:
        `Up to ${MAX_CHARACTERS_PER_STORY} of your saved characters (GET /api/v1/characters/). ` +
        "Omitted in a continuation: the cast of the chapter it continues. `[]`: no saved characters.",
    }),
  continues_story_id: z
    .uuid("continues_story_id must be a story's id (a UUID)")
    .optional()
    .meta({ description: "One of your stories: the new story becomes the next chapter of its series." }),
});

export type StoryRequest = z.infer<typeof storyRequestSchema>;
