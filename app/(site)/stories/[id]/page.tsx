import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReaderActions } from "@/components/story/reader-actions";
import { StoryMeta } from "@/components/story/story-meta";
import { StoryText } from "@/components/story/story-text";
import { cardStyles } from "@/components/ui/styles";
import { requireSessionUser } from "@/lib/auth/session";
import { getStoryForOwner, toStoryResponse } from "@/lib/stories/repository";
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

  return (
    <article aria-labelledby="story-heading" className="space-y-6">
      <Link href="/library" className="inline-flex min-h-11 items-center font-semibold text-orange-800 underline-offset-4 hover:underline dark:text-amber-200">
        ← Library
      </Link>
      <header className="space-y-3">
        <h1 id="story-heading" className="text-3xl font-extrabold sm:text-4xl">
          {story.storyName}
        </h1>
        <StoryMeta story={toStoryResponse(story, { includeContent: false })} />
      </header>
      <ReaderActions id={story.id} title={story.storyName} content={story.content} lang={story.language} />
      <div className={`${cardStyles} sm:px-12 sm:py-10`}>
        <StoryText text={story.content} lang={story.language} />
      </div>
    </article>
  );
}
