import { z } from "zod/mini";
import { MAX_AGE, MIN_AGE, STORY_STYLES } from "@/lib/stories/policy";

export const OTHER_LANGUAGE = "other";

/** What the form holds while a family types: the request's fields, plus the free language tag. zod/mini: it ships with the page. */
export const storyDraftSchema = z.object({
  story_name: z.string(),
  hero_name: z.string(),
  story_idea: z.string(),
  story_style: z.string(),
  language: z.string(),
  other_language: z.string(),
  age: z.int().check(z.gte(MIN_AGE), z.lte(MAX_AGE)),
});

export type StoryDraft = z.infer<typeof storyDraftSchema>;

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
