"use client";

import { useEffect, useState, useSyncExternalStore } from "react";

/**
 * Checked text arrives a sentence at a time; the page shows it a word at a time so it still reads
 * as if written live. The gap between a sentence arriving and being shown is this pacing, not the
 * network.
 */
export const REVEAL_PACE = {
  /** A calm reading pace, when the page is not behind. */
  msPerWord: 140,
  /** When it is behind, it speeds up to show everything received within about this long... */
  catchUpMs: 2500,
  /** ...but never faster than this. */
  minMsPerWord: 20,
  /** Roughly, for scripts without spaces too. */
  codeUnitsPerWord: 6,
} as const;

const reducedMotionQuery = "(prefers-reduced-motion: reduce)";
function subscribeToMotion(onChange: () => void): () => void {
  const query = window.matchMedia(reducedMotionQuery);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}
const prefersReducedMotion = () => window.matchMedia(reducedMotionQuery).matches;

/** Where the next word ends, with the spaces and punctuation after it. */
function nextStop(text: string, from: number, lang: string): number {
  let sawWord = false;
  for (const { index, isWordLike } of new Intl.Segmenter(lang, { granularity: "word" }).segment(text.slice(from))) {
    if (isWordLike && sawWord) return from + index;
    if (isWordLike) sawWord = true;
  }
  return text.length;
}

/**
 * The part of `text` to show now: it grows a word at a time at a calm pace, and all at once under
 * prefers-reduced-motion or when `instant` (the story was stopped or ended early).
 */
export function useWordReveal(text: string, { lang, instant }: { lang: string; instant: boolean }): string {
  const reducedMotion = useSyncExternalStore(subscribeToMotion, prefersReducedMotion, () => false);
  const [revealed, setRevealed] = useState("");
  // A new story (or withdrawn text) no longer starts with what was shown: start again from nothing.
  const shown = text.startsWith(revealed) ? revealed : "";
  const showAll = instant || reducedMotion;

  useEffect(() => {
    if (showAll || shown.length >= text.length) return;
    const backlogWords = Math.max(1, (text.length - shown.length) / REVEAL_PACE.codeUnitsPerWord);
    // The first word shows at once: only the words after it are paced.
    const delay = shown === "" ? 0 : Math.max(REVEAL_PACE.minMsPerWord, Math.min(REVEAL_PACE.msPerWord, REVEAL_PACE.catchUpMs / backlogWords));
    const timer = setTimeout(() => setRevealed(text.slice(0, nextStop(text, shown.length, lang))), delay);
    return () => clearTimeout(timer);
  }, [text, shown, showAll, lang]);

  return showAll ? text : shown;
}
