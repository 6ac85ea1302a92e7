/** The first words of every memory request (summary or fold): our fixed instructions. */
export const MEMORY_SYSTEM_PREFIX = "You keep the memory of a children's story series.";

/**
 * Series memory as data. A new chapter's prompt carries at most: one folded summary of the
 * oldest chapters, the newest chapter summaries, and the end of the previous chapter; each
 * piece has a token budget, so the prompt stays the same size however long the series grows.
 */
export const SERIES_MEMORY = {
  /** Summaries kept word for word; one more chapter folds the oldest into the folded summary. */
  maxRecentSummaries: 3,
  /** How many of the newest summaries stay word for word after a fold (equal to the most: every later chapter looks the same). */
  recentAfterFold: 3,
  summaryWords: 60,
  foldWords: 120,
  tokens: {
    summary: 110,
    fold: 200,
    previousEnding: 150,
  },
  /** A summary or fold call slower than this is given up (the excerpt stands in for it). */
  callTimeoutMs: 30_000,
  /** How a chapter's text is shown to the summary model: its first and last part. */
  chapterTokensForSummary: 2_000,
} as const;

/** The most tokens series memory can add to a prompt. */
export const SERIES_MEMORY_TOKEN_BUDGET =
  SERIES_MEMORY.tokens.fold + SERIES_MEMORY.maxRecentSummaries * SERIES_MEMORY.tokens.summary + SERIES_MEMORY.tokens.previousEnding;
