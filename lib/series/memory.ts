import { logEvent } from "@/lib/log";
import { SERIES_MEMORY } from "./policy";
import { getChapterContent, getSeriesMemoryRows, saveChapterSummary, saveFoldedSummary, type ChapterMemoryRow } from "./repository";
import type { SeriesMemory } from "./story-context";
import { chapterEnding, foldSummaries, summarizeChapter, type MemoryText } from "./summarize";
import { truncateToTokens } from "./tokens";

declare global {
  // One memory update per series at a time in this process; shared by the route bundles.
  var storystreamSeriesMemory: Map<string, Promise<unknown>> | undefined;
}

/** Runs `task` after any earlier task for the same series has settled, so a continuation waits for the summary in flight. */
function oneAtATime<T>(seriesId: string, task: () => Promise<T>): Promise<T> {
  const running = (globalThis.storystreamSeriesMemory ??= new Map());
  const previous = running.get(seriesId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(task);
  running.set(seriesId, next);
  void next.catch(() => undefined).finally(() => {
    if (running.get(seriesId) === next) running.delete(seriesId);
  });
  return next;
}

type Counters = { summaries: number; folds: number; excerpts: number };

async function summaryOf(chapter: ChapterMemoryRow, counters: Counters, signal?: AbortSignal): Promise<string> {
  if (chapter.summary !== null) return chapter.summary;
  const content = (await getChapterContent({ storyId: chapter.id })) ?? "";
  const written: MemoryText = await summarizeChapter(content, signal);
  if (written.kind === "model") counters.summaries++;
  else counters.excerpts++;
  if (written.stored) await saveChapterSummary({ storyId: chapter.id, summary: written.text });
  return written.text;
}

/**
 * Brings a series' memory up to date and returns what its next chapter's prompt gets: every
 * chapter not yet folded has a summary, and once more than `maxRecentSummaries` are unfolded,
 * the oldest are folded into the series' one folded summary. Called after a chapter's
 * `completed` (so the next chapter finds it ready) and again when a continuation starts, which
 * makes whatever is missing then. Null when the owner has no such series.
 */
export function prepareSeriesMemory({
  seriesId,
  ownerId,
  signal,
}: {
  seriesId: string;
  ownerId: string;
  signal?: AbortSignal;
}): Promise<SeriesMemory | null> {
  return oneAtATime(seriesId, async () => {
    const startedAt = performance.now();
    const series = await getSeriesMemoryRows({ seriesId, ownerId });
    const last = series?.chapters.at(-1);
    if (!series || !last) return null;
    const counters: Counters = { summaries: 0, folds: 0, excerpts: 0 };

    const unfolded = series.chapters.filter((chapter) => chapter.chapter > series.foldedThrough);
    const summaries: Array<{ chapter: number; summary: string }> = [];
    for (const chapter of unfolded) summaries.push({ chapter: chapter.chapter, summary: await summaryOf(chapter, counters, signal) });

    let storySoFar = series.foldedSummary ?? undefined;
    let recent = summaries;
    if (summaries.length > SERIES_MEMORY.maxRecentSummaries) {
      const toFold = summaries.slice(0, summaries.length - SERIES_MEMORY.recentAfterFold);
      recent = summaries.slice(toFold.length);
      const folded = await foldSummaries([...(storySoFar ? [storySoFar] : []), ...toFold.map((entry) => entry.summary)], signal);
      if (folded.kind === "model") counters.folds++;
      if (folded.stored) {
        await saveFoldedSummary({ seriesId, fromThrough: series.foldedThrough, through: toFold.at(-1)?.chapter ?? series.foldedThrough, summary: folded.text });
      }
      storySoFar = folded.text;
    }

    const lastContent = (await getChapterContent({ storyId: last.id })) ?? "";
    logEvent("info", "series_memory", {
      series_id: seriesId,
      chapters: series.chapters.length,
      summaries_written: counters.summaries,
      folds_written: counters.folds,
      excerpts_used: counters.excerpts,
      duration_ms: Math.round(performance.now() - startedAt),
    });
    return {
      next_chapter: last.chapter + 1,
      ...(storySoFar && { story_so_far: truncateToTokens(storySoFar, SERIES_MEMORY.tokens.fold) }),
      earlier_chapters: recent.map((entry) => ({ chapter: entry.chapter, summary: truncateToTokens(entry.summary, SERIES_MEMORY.tokens.summary) })),
      previous_chapter_ending: chapterEnding(lastContent),
    };
  });
}

/** The post-`completed` step: never throws, only logs. */
export async function refreshSeriesMemory({ seriesId, ownerId }: { seriesId: string; ownerId: string }): Promise<void> {
  try {
    await prepareSeriesMemory({ seriesId, ownerId });
  } catch (error) {
    logEvent("warn", "series_memory_failed", { series_id: seriesId, error: error instanceof Error ? error.message : String(error) });
  }
}
