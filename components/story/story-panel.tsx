"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { CheckIcon, RetryIcon, SparklesIcon, StopIcon } from "@/components/icons";
import { LiveAnnouncer } from "@/components/ui/live-announcer";
import { buttonStyles, cardStyles } from "@/components/ui/styles";
import { completedParagraphs } from "@/lib/stories/paragraphs";
import { ReadAloudControls } from "./read-aloud-controls";
import { streamAnnouncement } from "./stream-announcement";
import { StoryText } from "./story-text";
import type { StoryStreamState } from "./use-story-stream";
import { useWordReveal } from "./use-word-reveal";

const STATUS_TEXT = {
  connecting: "Getting the storyteller ready…",
  streaming: "Writing your story…",
} as const;

const notice = "rounded-2xl px-4 py-3 font-semibold";

/** The story as it streams in. Controls sit above the text so they stay put while it grows. */
export function StoryPanel({
  state: received,
  title,
  lang,
  onStop,
  onRetry,
}: {
  state: StoryStreamState;
  title: string;
  lang: string;
  onStop: () => void;
  onRetry: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Checked text is revealed word by word; a stopped or failed story shows what arrived at once.
  const shown = useWordReveal(received.text, { lang, instant: received.status === "stopped" || received.status === "failed" });
  const revealing = received.status === "completed" && shown.length < received.text.length;
  const state: StoryStreamState = { ...received, text: shown, status: revealing ? "streaming" : received.status };
  const writing = state.status === "connecting" || state.status === "streaming";
  const finished = state.status === "completed";
  const paragraphs = completedParagraphs(state.text, finished);

  // Move focus to the story when a request starts, so keyboard and screen reader users follow it.
  useEffect(() => {
    if (state.status === "connecting") heading.current?.focus();
  }, [state.status]);

  return (
    <section aria-labelledby="story-title" aria-busy={writing} className={`${cardStyles} space-y-6`}>
      <div>
        <h2 id="story-title" ref={heading} tabIndex={-1} className="text-2xl font-extrabold sm:text-3xl">
          {title}
        </h2>
        {writing && (
          <p className="mt-2 flex items-center gap-2 text-stone-700 dark:text-indigo-100">
            <SparklesIcon />
            {state.status === "connecting" ? STATUS_TEXT.connecting : STATUS_TEXT.streaming}
          </p>
        )}
      </div>

      {state.status === "stopped" && (
        <p className={`${notice} bg-amber-100 text-amber-950 dark:bg-amber-950 dark:text-amber-100`}>
          You stopped the story. Nothing was saved; the words so far are still here to read.
        </p>
      )}
      {state.status === "failed" && (
        <p role="alert" className={`${notice} bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200`}>
          {state.problem}
        </p>
      )}
      {finished && state.storyId && (
        <p className={`${notice} bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100`}>
          <CheckIcon className="mr-1 inline size-5 align-text-bottom" />Saved to your library.{" "}
          <Link href={`/stories/${state.storyId}`} className="underline underline-offset-4">
            Open the story
          </Link>
        </p>
      )}

      {writing && !revealing && (
        <button type="button" className={buttonStyles.secondary} onClick={onStop}>
          <StopIcon /> Stop
        </button>
      )}
      {(state.status === "stopped" || state.status === "failed") && (
        <button type="button" className={buttonStyles.primary} onClick={onRetry}>
          <RetryIcon /> Try again
        </button>
      )}

      <ReadAloudControls paragraphs={paragraphs} finished={!writing} lang={lang} />

      {state.text && <StoryText text={state.text} lang={lang} writing={writing} />}
      <LiveAnnouncer message={streamAnnouncement(state, paragraphs)} />
    </section>
  );
}
