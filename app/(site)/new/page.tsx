import type { Metadata } from "next";
import { z } from "zod";
import { StoryStudio, type StudioContinuation } from "@/components/story/story-studio";
import { EMPTY_DRAFT, OTHER_LANGUAGE } from "@/components/story/story-draft";
import { requireSessionUser } from "@/lib/auth/session";
import { listCharactersForOwner } from "@/lib/characters/repository";
import { listChaptersForOwner } from "@/lib/series/library";
import { STORY_LANGUAGES } from "@/lib/stories/policy";
import { getStoryForOwner } from "@/lib/stories/repository";

export const metadata: Metadata = { title: "Write a new story" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `?continue=<story id>`: the form for that series' next chapter, pre-filled from the story. */
async function loadContinuation(raw: unknown, ownerId: string): Promise<StudioContinuation | undefined> {
  const id = z.uuid().safeParse(raw);
  const story = id.success ? await getStoryForOwner({ id: id.data, ownerId }) : null;
  if (!story) return undefined;
  const chapters = await listChaptersForOwner({ seriesId: story.seriesId, ownerId });
  const nextChapter = (chapters.at(-1)?.chapter ?? story.chapter) + 1;
  const seriesTitle = chapters[0]?.storyName ?? story.storyName;
  return {
    storyId: story.id,
    seriesTitle,
    nextChapter,
    initial: {
      ...EMPTY_DRAFT,
      story_name: `${seriesTitle}: chapter ${nextChapter}`,
      hero_name: story.heroName,
      story_style: story.storyStyle,
      ...(STORY_LANGUAGES.some((language) => language.tag === story.language)
        ? { language: story.language }
        : { language: OTHER_LANGUAGE, other_language: story.language }),
      age: story.age,
      character_ids: story.characters.flatMap((used) => (used.characterId ? [used.characterId] : [])),
    },
  };
}

export default async function NewStoryPage({ searchParams }: Props) {
  const params = await searchParams;
  const user = await requireSessionUser(typeof params.continue === "string" ? `/new?continue=${encodeURIComponent(params.continue)}` : "/new");
  const [characters, continuation] = await Promise.all([
    listCharactersForOwner({ ownerId: user.id }),
    loadContinuation(params.continue, user.id),
  ]);
  return (
    <StoryStudio
      characters={characters.map((character) => ({ id: character.id, name: character.name, kind: character.kind }))}
      continuation={continuation}
    />
  );
}
