import { getDb } from "@/lib/db/client";
import { keysetPage, rowsAfter, type PageRequest } from "@/lib/db/keyset";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SeriesResponse } from "./responses";

const chapterFields = {
  id: true,
  chapter: true,
  storyName: true,
  storyIdea: true,
  heroName: true,
  storyStyle: true,
  language: true,
  age: true,
  storyLength: true,
  createdAt: true,
} satisfies Prisma.StorySelect;

const seriesWithChapters = {
  id: true,
  title: true,
  updatedAt: true,
  stories: { select: chapterFields, orderBy: { chapter: "asc" } },
} satisfies Prisma.SeriesSelect;

export type LibrarySeries = Prisma.SeriesGetPayload<{ select: typeof seriesWithChapters }>;
export type LibraryChapter = LibrarySeries["stories"][number];

/**
 * The library: one entry per series, the one with the newest chapter first, each with its
 * chapters in order. A keyset cursor on the series' (updated_at, id).
 */
export async function listSeriesForOwner({ ownerId, limit, cursor }: PageRequest): Promise<{ series: LibrarySeries[]; nextCursor: string | null }> {
  const db = await getDb();
  const rows = await db.series.findMany({
    where: {
      ownerId,
      stories: { some: {} },
      ...rowsAfter("updatedAt", cursor),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: seriesWithChapters,
  });
  const page = keysetPage(rows, limit, (row) => row.updatedAt);
  return { series: page.rows, nextCursor: page.nextCursor };
}

/** The chapters of one of the owner's series, in order, for moving between them. */
export async function listChaptersForOwner({ seriesId, ownerId }: { seriesId: string; ownerId: string }) {
  const db = await getDb();
  return db.story.findMany({
    where: { seriesId, ownerId },
    orderBy: { chapter: "asc" },
    select: { id: true, chapter: true, storyName: true },
  });
}

/** Every series of the owner, oldest first, for the account export. */
export async function listSeriesForExport({ ownerId }: { ownerId: string }): Promise<SeriesResponse[]> {
  const db = await getDb();
  const rows = await db.series.findMany({
    where: { ownerId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { stories: { select: { id: true, chapter: true }, orderBy: { chapter: "asc" } } },
  });
  return rows.map((series) => ({
    id: series.id,
    title: series.title,
    story_so_far: series.foldedSummary,
    folded_through: series.foldedThrough,
    chapters: series.stories.map((story) => ({ story_id: story.id, chapter: story.chapter })),
    created_at: series.createdAt.toISOString(),
    updated_at: series.updatedAt.toISOString(),
  }));
}
