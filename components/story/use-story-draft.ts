"use client";

import { useEffect, useState } from "react";
import { EMPTY_DRAFT, parseStoryDraft, type StoryDraft } from "./story-draft";

function loadDraft(key: string): StoryDraft | null {
  try {
    return parseStoryDraft(JSON.parse(window.sessionStorage.getItem(key) ?? "null"));
  } catch {
    return null;
  }
}

/**
 * The story form's values, kept in sessionStorage so an error or a reload loses nothing typed.
 * A next chapter keeps its own draft (its own key), pre-filled from the chapter it continues.
 */
export function useStoryDraft({ key = "storystream:story-draft", initial = EMPTY_DRAFT }: { key?: string; initial?: StoryDraft } = {}) {
  const [draft, setDraft] = useState<StoryDraft>(initial);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    const saved = loadDraft(key);
    // Restored after hydration: the server cannot see sessionStorage.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (saved) setDraft(saved);
    setRestored(true);
  }, [key]);

  useEffect(() => {
    if (restored) window.sessionStorage.setItem(key, JSON.stringify(draft));
  }, [draft, restored, key]);

  const update = <Field extends keyof StoryDraft>(field: Field, value: StoryDraft[Field]) =>
    setDraft((current) => ({ ...current, [field]: value }));

  return { draft, update, restored };
}
