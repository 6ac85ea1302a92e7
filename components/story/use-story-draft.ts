"use client";

import { useEffect, useState } from "react";
import { EMPTY_DRAFT, parseStoryDraft, type StoryDraft } from "./story-draft";

const KEY = "storystream:story-draft";

function loadDraft(): StoryDraft | null {
  try {
    return parseStoryDraft(JSON.parse(window.sessionStorage.getItem(KEY) ?? "null"));
  } catch {
    return null;
  }
}

/** The story form's values, kept in sessionStorage so an error or a reload loses nothing typed. */
export function useStoryDraft() {
  const [draft, setDraft] = useState<StoryDraft>(EMPTY_DRAFT);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    const saved = loadDraft();
    // Restored after hydration: the server cannot see sessionStorage.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (saved) setDraft(saved);
    setRestored(true);
  }, []);

  useEffect(() => {
    if (restored) window.sessionStorage.setItem(KEY, JSON.stringify(draft));
  }, [draft, restored]);

  const update = <Field extends keyof StoryDraft>(field: Field, value: StoryDraft[Field]) =>
    setDraft((current) => ({ ...current, [field]: value }));

  return { draft, update, restored };
}
