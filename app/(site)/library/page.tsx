import type { Metadata } from "next";
import Link from "next/link";
import { SparklesIcon } from "@/components/icons";
import { StoryMeta } from "@/components/story/story-meta";
import { buttonStyles, cardStyles } from "@/components/ui/styles";
import { requireSessionUser } from "@/lib/auth/session";
import { decodeCursor, listStoriesForOwner, toStoryResponse } from "@/lib/stories/repository";

export const metadata: Metadata = { title: "Your library" };

const PAGE_SIZE = 10;

export default async function LibraryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSessionUser("/library");
  const raw = (await searchParams).cursor;
  const cursor = typeof raw === "string" ? (decodeCursor(raw) ?? undefined) : undefined;
  const { stories, nextCursor } = await listStoriesForOwner({ ownerId: user.id, limit: PAGE_SIZE, cursor });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-3xl font-extrabold">Your library</h1>
        <Link href="/new" className={buttonStyles.primary}>
          <SparklesIcon /> New story
        </Link>
      </div>
      {stories.length === 0 ? (
        <div className={`${cardStyles} text-center`}>
          <p className="text-lg">{cursor ? "No older stories." : "No stories yet. Your first one is a click away."}</p>
        </div>
      ) : (
        <ul className="space-y-4" aria-label="Stories, newest first">
          {stories.map((story) => (
            <li key={story.id} className={cardStyles}>
              <h2 className="text-xl font-bold">
                <Link href={`/stories/${story.id}`} className="text-orange-800 underline-offset-4 hover:underline dark:text-amber-200">
                  {story.storyName || story.storyIdea}
                </Link>
              </h2>
              <p className="mt-1 line-clamp-2 text-stone-700 dark:text-indigo-100">{story.storyIdea}</p>
              <div className="mt-3">
                <StoryMeta story={toStoryResponse(story, { includeContent: false })} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Library pages" className="flex flex-wrap justify-between gap-3">
        {cursor ? (
          <Link href="/library" className={buttonStyles.quiet}>
            ← Newest stories
          </Link>
        ) : (
          <span />
        )}
        {nextCursor && (
          <Link href={`/library?cursor=${encodeURIComponent(nextCursor)}`} className={buttonStyles.secondary}>
            Older stories →
          </Link>
        )}
      </nav>
    </div>
  );
}
