"use client";

import { useState } from "react";
import { StarIcon } from "@/components/icons";
import { cardStyles } from "@/components/ui/styles";
import type { StoryRequest } from "@/lib/stories/schema";
import { preloadStoryModules } from "./lazy-modules";
import { StoryForm } from "./story-form";
import { StoryPanel } from "./story-panel";
import { useStoryStream } from "./use-story-stream";

/** The story page: the form on one side, the story streaming in on the other. */
export function StoryStudio() {
  const { state, start, stop, retry } = useStoryStream();
  const [request, setRequest] = useState<StoryRequest | null>(null);
  const busy = state.status === "connecting" || state.status === "streaming";

  const create = (input: StoryRequest) => {
    setRequest(input);
    void start(input);
  };

  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)] lg:items-start">
      <div className={cardStyles} onFocusCapture={preloadStoryModules} onPointerDownCapture={preloadStoryModules}>
        <h1 id="story-form-title" className="mb-6 text-3xl font-extrabold">
          Write a new story
        </h1>
        <StoryForm busy={busy} serverErrors={state.fieldMessages} onSubmit={create} />
      </div>
      {request && state.status !== "idle" ? (
        <StoryPanel state={state} title={request.story_name} lang={request.language} onStop={stop} onRetry={retry} />
      ) : (
        <div className="hidden rounded-3xl border-2 border-dashed border-orange-200 p-8 text-center text-stone-600 lg:block dark:border-indigo-800 dark:text-indigo-200">
          <StarIcon className="mx-auto size-12 text-orange-600 dark:text-amber-300" />
          <p className="mt-4 text-lg">Your story will appear here, word by word.</p>
        </div>
      )}
    </div>
  );
}
