"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { FieldMessage, StreamOutcome } from "@/lib/stories/read-story-stream";
import type { StoryRequest } from "@/lib/stories/schema";
import { loadStoryStreamReader } from "./lazy-modules";

export type StreamStatus = "idle" | "connecting" | "streaming" | "completed" | "stopped" | "failed";

export type StoryStreamState = {
  status: StreamStatus;
  text: string;
  storyId?: string;
  /** A message for the family when status is "failed". */
  problem?: string;
  /** Field messages from a 400, to show next to the form's fields. */
  fieldMessages: FieldMessage[];
};

const IDLE: StoryStreamState = { status: "idle", text: "", fieldMessages: [] };

function problemFor(outcome: Exclude<StreamOutcome, { kind: "completed" | "stopped" | "invalid" }>): string {
  switch (outcome.kind) {
    case "failed":
      if (outcome.unsafe) {
        return `We stopped this story because it was heading somewhere that isn't right for children${outcome.withdraw ? ", and took it off the page" : ""}. Nothing was saved. Try again, perhaps with a different idea.`;
      }
      if (outcome.withdraw) return "The safety check could not finish, so we took this story off the page. Nothing was saved. Please try again.";
      return `The storyteller stumbled and could not finish this story. (${outcome.message})`;
    case "disconnected":
      return "The connection was lost before the story was finished. Nothing was saved.";
    case "unauthenticated":
      return "You have been signed out. Sign in again to write a story.";
    case "refused":
      return `The story could not be started: ${outcome.message}`;
  }
}

/** One story request at a time: start, stop (nothing is saved), retry the same request. */
export function useStoryStream() {
  const [state, setState] = useState<StoryStreamState>(IDLE);
  const controller = useRef<AbortController | null>(null);
  const lastInput = useRef<StoryRequest | null>(null);

  const start = useCallback(async (input: StoryRequest) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    lastInput.current = input;
    setState({ status: "connecting", text: "", fieldMessages: [] });

    const { readStoryStream } = await loadStoryStreamReader();
    const outcome = await readStoryStream({
      input,
      signal: abort.signal,
      onEvent: (event) => {
        if (abort.signal.aborted) return;
        if (event.type === "started") setState((current) => ({ ...current, status: "streaming" }));
        if (event.type === "content") setState((current) => ({ ...current, status: "streaming", text: current.text + event.data }));
      },
    });
    if (controller.current !== abort) return; // a newer request owns the page
    controller.current = null;
    setState((current) => {
      switch (outcome.kind) {
        case "completed":
          return { ...current, status: "completed", storyId: outcome.storyId };
        case "stopped":
          return { ...current, status: "stopped" };
        case "invalid":
          return { ...IDLE, fieldMessages: outcome.details };
        default:
          // Text the server asks to withdraw leaves the page.
          return { ...current, status: "failed", problem: problemFor(outcome), ...(outcome.kind === "failed" && outcome.withdraw && { text: "" }) };
      }
    });
  }, []);

  const stop = useCallback(() => controller.current?.abort(), []);

  const retry = useCallback(() => {
    if (lastInput.current) void start(lastInput.current);
  }, [start]);

  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState(IDLE);
  }, []);

  useEffect(() => () => controller.current?.abort(), []);

  return { state, start, stop, retry, reset };
}
