import type { CharacterSnapshot } from "@/lib/characters/snapshot";

/** What the series remembers for its next chapter: it reaches the model only as data. */
export type SeriesMemory = {
  next_chapter: number;
  /** One summary of the oldest chapters, folded together so the prompt stays the same size. */
  story_so_far?: string;
  earlier_chapters: Array<{ chapter: number; summary: string }>;
  previous_chapter_ending: string;
};

/** What a story request resolved to before streaming: the cast, and the series it continues. */
export type StoryContext = {
  characters: CharacterSnapshot[];
  continuation?: { seriesId: string; memory: SeriesMemory };
};

export const NO_STORY_CONTEXT: StoryContext = { characters: [] };
