import { MAX_AGE, MIN_AGE, STORY_STYLES } from "@/lib/stories/policy";

export const OTHER_LANGUAGE = "other";

/** What the form holds while a family types: the request's fields, plus the free language tag. */
export type StoryDraft = {
  story_name: string;
  hero_name: string;
  story_idea: string;
  story_style: string;
  language: string;
  other_language: string;
  age: number;
};

function text(value: object, key: keyof StoryDraft): string | null {
  const field: unknown = Reflect.get(value, key);
  return typeof field === "string" ? field : null;
}

/** A draft read back from storage, or null if it is not one. Checked by hand: zod would double the page's own JavaScript. */
export function parseStoryDraft(value: unknown): StoryDraft | null {
  if (typeof value !== "object" || value === null) return null;
  const age: unknown = Reflect.get(value, "age");
  if (typeof age !== "number" || !Number.isInteger(age) || age < MIN_AGE || age > MAX_AGE) return null;
  const [story_name, hero_name, story_idea, story_style, language, other_language] = (
    ["story_name", "hero_name", "story_idea", "story_style", "language", "other_language"] as const
  ).map((key) => text(value, key));
  if (story_name == null || hero_name == null || story_idea == null || story_style == null || language == null || other_language == null) return null;
  return { story_name, hero_name, story_idea, story_style, language, other_language, age };
}

export const EMPTY_DRAFT: StoryDraft = {
  story_name: "",
  hero_name: "",
  story_idea: "",
  story_style: STORY_STYLES[0]?.value ?? "Adventure",
  language: "en",
  other_language: "",
  age: 6,
};

/** The body the API expects; validated by the caller with storyRequestSchema. */
export function draftToRequest(draft: StoryDraft) {
  return {
    story_name: draft.story_name,
    hero_name: draft.hero_name,
    story_idea: draft.story_idea,
    story_style: draft.story_style,
    language: draft.language === OTHER_LANGUAGE ? draft.other_language : draft.language,
    age: draft.age,
  };
}
