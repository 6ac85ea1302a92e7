import { getDb } from "@/lib/db/client";

export type ChapterMemoryRow = { id: string; chapter: number; summary: string | null };

export type SeriesMemoryRows = {
  id: string;
  foldedSummary: string | null;
  foldedThrough: number;
  chapters: ChapterMemoryRow[];
};

/** A series' memory state, chapters in order; null when the owner has no such series. */
export async function getSeriesMemoryRows({ seriesId, ownerId }: { seriesId: string; ownerId: string }): Promise<SeriesMemoryRows | null> {
  const db = await getDb();
  return db.series.findFirst({
    where: { id: seriesId, ownerId },
    select: {
      id: true,
      foldedSummary: true,
      foldedThrough: true,
      stories: { select: { id: true, chapter: true, summary: true }, orderBy: { chapter: "asc" } },
    },
  }).then((series) => series && { id: series.id, foldedSummary: series.foldedSummary, foldedThrough: series.foldedThrough, chapters: series.stories });
}

export async function getChapterContent({ storyId }: { storyId: string }): Promise<string | null> {
  const db = await getDb();
  const story = await db.story.findUnique({ where: { id: storyId }, select: { content: true } });
  return story?.content ?? null;
}

/** Keeps the first summary written: a concurrent writer of the same chapter changes nothing. */
export async function saveChapterSummary({ storyId, summary }: { storyId: string; summary: string }): Promise<void> {
  const db = await getDb();
  await db.story.updateMany({ where: { id: storyId, summary: null }, data: { summary } });
}

/** Moves the fold forward only from the state it was computed from (optimistic, no lock held during model calls). */
export async function saveFoldedSummary({
  seriesId,
  fromThrough,
  through,
  summary,
}: {
  seriesId: string;
  fromThrough: number;
  through: number;
  summary: string;
}): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.series.updateMany({
    where: { id: seriesId, foldedThrough: fromThrough },
    data: { foldedSummary: summary, foldedThrough: through },
  });
  return count > 0;
}
