import type { StoryStreamState } from "./use-story-stream";

/** The one sentence the live region says now: a status change, or the paragraph just finished. */
export function streamAnnouncement(state: StoryStreamState, completed: string[]): string {
  const latest = completed.at(-1);
  switch (state.status) {
    case "idle":
      return "";
    case "connecting":
      return "Starting your story…";
    case "streaming":
      return latest ?? "Writing your story…";
    case "completed":
      return `${latest ?? ""} The end. Your story is saved in your library.`.trim();
    case "stopped":
      return "Stopped. Nothing was saved.";
    case "failed":
      return state.problem ?? "Something went wrong.";
  }
}
