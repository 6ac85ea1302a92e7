import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReaderActions } from "@/components/story/reader-actions";
import { StoryMeta } from "@/components/story/story-meta";
import { StoryText } from "@/components/story/story-text";
import { buttonStyles, cardStyles } from "@/components/ui/styles";
import { requireSessionUser } from "@/lib/auth/session";
import { listChaptersForOwner } from "@/lib/series/library";
import { getStoryForOwner, storyCharacters, toStoryResponse } from "@/lib/stories/repository";
import { parseStoryId } from "@/lib/stories/story-id";

export const metadata: Metadata = { title: "Story" };

type Props = { params: Promise<{ id: string }> };

export default async function StoryPage({ params }: Props) {
  const { id } = await params;
  const user = await requireSessionUser(`/stories/${id}`);
  const storyId = parseStoryId(id);
  // Another family's story and a malformed id look the same: not found.
  const story = storyId ? await getStoryForOwner({ id: storyId, ownerId: user.id }) : null;
  if (!story) notFound();
  const chapters = await listChaptersForOwner({ seriesId: story.seriesId, ownerId: user.id });
  const position = chapters.findIndex((chapter) => chapter.id === story.id);
  const previous = chapters[position - 1];
  const next = chapters[position + 1];
  const cast = storyCharacters(story);

  return (
    <article aria-labelledby="story-heading" className="space-y-6">
      <Link href="/library" className="inline-flex min-h-11 items-center font-semibold text-orange-800 underline-offset-4 hover:underline dark:text-amber-200">
        ← Library
      </Link>
      <header className="space-y-3">
        {chapters.length > 1 && (
          <p className="text-sm font-semibold uppercase tracking-wide text-stone-600 dark:text-indigo-200">
            Chapter {story.chapter} of {chapters.length}
          </p>
        )}
        <h1 id="story-heading" className="text-3xl font-extrabold sm:text-4xl">
          {story.storyName}
        </h1>
        <StoryMeta story={toStoryResponse(story, { includeContent: false })} />
        {cast.length > 0 && (
          <p className="text-sm text-stone-700 dark:text-indigo-200">
            <span className="font-semibold">With:</span> {cast.map((character) => `${character.name} (${character.kind})`).join(", ")}
          </p>
        )}
      </header>
      <ReaderActions id={story.id} title={story.storyName} content={story.content} lang={story.language} />
      <div className={`${cardStyles} sm:px-12 sm:py-10`}>
        <StoryText text={story.content} lang={story.language} />
      </div>
      <nav aria-label="Chapters" className="flex flex-wrap items-center justify-between gap-3">
        {previous ? (
          <Link href={`/stories/${previous.id}`} className={buttonStyles.quiet}>
            ← Chapter {previous.chapter}: {previous.storyName}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link href={`/stories/${next.id}`} className={buttonStyles.secondary}>
            Chapter {next.chapter}: {next.storyName} →
          </Link>
        ) : (
          <Link href={`/new?continue=${story.id}`} className={buttonStyles.primary}>
            What happens next?
          </Link>
        )}
      </nav>
    </article>
  );
}
