import { z } from "zod";
import { MAX_AGE, MIN_AGE, STORY_STYLES } from "@/lib/stories/policy";

export const OTHER_LANGUAGE = "other";

/** What the form holds while a family types: the request's fields, plus the free language tag. */
export const storyDraftSchema = z.object({
  story_name: z.string(),
  hero_name: z.string(),
  story_idea: z.string(),
  story_style: z.string(),
  language: z.string(),
  other_language: z.string(),
  age: z.number().int().min(MIN_AGE).max(MAX_AGE),
  character_ids: z.array(z.string()).default([]),
});

export type StoryDraft = z.output<typeof storyDraftSchema>;

export const EMPTY_DRAFT: StoryDraft = {
  story_name: "",
  hero_name: "",
  story_idea: "",
  story_style: STORY_STYLES[0]?.value ?? "Adventure",
  language: "en",
  other_language: "",
  age: 6,
  character_ids: [],
};

/**
 * The body the API expects; validated by the caller with storyRequestSchema. Characters deleted
 * since the draft was saved are left out.
 */
export function draftToRequest(draft: StoryDraft, { characterIds, continuesStoryId }: { characterIds: readonly string[]; continuesStoryId?: string }) {
  return {
    story_name: draft.story_name,
    hero_name: draft.hero_name,
    story_idea: draft.story_idea,
    story_style: draft.story_style,
    language: draft.language === OTHER_LANGUAGE ? draft.other_language : draft.language,
    age: draft.age,
    character_ids: draft.character_ids.filter((id) => characterIds.includes(id)),
    ...(continuesStoryId && { continues_story_id: continuesStoryId }),
  };
}
