import type { Metadata } from "next";
import Link from "next/link";
import { SparklesIcon } from "@/components/icons";
import { StoryMeta } from "@/components/story/story-meta";
import { buttonStyles, cardStyles } from "@/components/ui/styles";
import { requireSessionUser } from "@/lib/auth/session";
import { listSeriesForOwner, type LibraryChapter, type LibrarySeries } from "@/lib/series/library";
import { decodeCursor } from "@/lib/db/keyset";

export const metadata: Metadata = { title: "Your library" };

const PAGE_SIZE = 10;

/** The fields StoryMeta shows, in the API's shape. */
const metaOf = (chapter: LibraryChapter) => ({
  hero_name: chapter.heroName,
  story_style: chapter.storyStyle,
  language: chapter.language,
  age: chapter.age,
  created_at: chapter.createdAt.toISOString(),
  story_length: chapter.storyLength,
});

const titleLink = "text-orange-800 underline-offset-4 hover:underline dark:text-amber-200";

/** One library entry: a single story, or a series with its chapters in order. */
function SeriesEntry({ series }: { series: LibrarySeries }) {
  const [first] = series.stories;
  const latest = series.stories.at(-1);
  if (!first || !latest) return null;
  if (series.stories.length === 1) {
    return (
      <li className={cardStyles}>
        <h2 className="text-xl font-bold">
          <Link href={`/stories/${first.id}`} className={titleLink}>
            {first.storyName || first.storyIdea}
          </Link>
        </h2>
        <p className="mt-1 line-clamp-2 text-stone-700 dark:text-indigo-100">{first.storyIdea}</p>
        <div className="mt-3">
          <StoryMeta story={metaOf(first)} />
        </div>
      </li>
    );
  }
  const headingId = `series-${series.id}`;
  return (
    <li className={cardStyles} data-testid="library-series">
      <p className="text-sm font-semibold uppercase tracking-wide text-stone-600 dark:text-indigo-200">
        Series · {series.stories.length} chapters
      </p>
      <h2 id={headingId} className="text-xl font-bold">
        <Link href={`/stories/${first.id}`} className={titleLink}>
          {series.title}
        </Link>
      </h2>
      <ol className="mt-3 space-y-1" aria-label={`Chapters of ${series.title}`}>
        {series.stories.map((chapter) => (
          <li key={chapter.id} className="flex gap-2">
            <span className="w-24 shrink-0 text-stone-600 dark:text-indigo-200">Chapter {chapter.chapter}</span>
            <Link href={`/stories/${chapter.id}`} className={`${titleLink} font-semibold`}>
              {chapter.storyName}
            </Link>
          </li>
        ))}
      </ol>
      <div className="mt-3">
        <StoryMeta story={metaOf(latest)} />
      </div>
    </li>
  );
}

export default async function LibraryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSessionUser("/library");
  const raw = (await searchParams).cursor;
  const cursor = typeof raw === "string" ? (decodeCursor(raw) ?? undefined) : undefined;
  const { series, nextCursor } = await listSeriesForOwner({ ownerId: user.id, limit: PAGE_SIZE, cursor });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-3xl font-extrabold">Your library</h1>
        <div className="flex flex-wrap gap-3">
          <Link href="/characters" className={buttonStyles.secondary}>
            Characters
          </Link>
          <Link href="/new" className={buttonStyles.primary}>
            <SparklesIcon /> New story
          </Link>
        </div>
      </div>
      {series.length === 0 ? (
        <div className={`${cardStyles} text-center`}>
          <p className="text-lg">{cursor ? "No older stories." : "No stories yet. Your first one is a click away."}</p>
        </div>
      ) : (
        <ul className="space-y-4" aria-label="Stories, newest first">
          {series.map((entry) => (
            <SeriesEntry key={entry.id} series={entry} />
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
