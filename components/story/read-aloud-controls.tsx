"use client";

import { PauseIcon, PlayIcon, SpeakerIcon, StopIcon } from "@/components/icons";
import { buttonStyles } from "@/components/ui/styles";
import { useBedtimeMode } from "./use-bedtime-mode";
import { useReadAloud } from "./use-read-aloud";

/** Read aloud, pause/resume, stop, and the bedtime mode that dims the page while reading. */
export function ReadAloudControls({ paragraphs, finished, lang }: { paragraphs: string[]; finished: boolean; lang: string }) {
  const speech = useReadAloud({ paragraphs, finished, lang });
  const bedtime = useBedtimeMode(speech.status === "speaking");
  if (!speech.supported) return null;

  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Read aloud">
      {speech.status === "idle" ? (
        <button type="button" className={buttonStyles.secondary} onClick={speech.start}>
          <SpeakerIcon /> Read aloud
        </button>
      ) : (
        <>
          {speech.status === "speaking" ? (
            <button type="button" className={buttonStyles.secondary} onClick={speech.pause}>
              <PauseIcon /> Pause
            </button>
          ) : (
            <button type="button" className={buttonStyles.secondary} onClick={speech.resume}>
              <PlayIcon /> Resume
            </button>
          )}
          <button type="button" className={buttonStyles.quiet} onClick={speech.stop}>
            <StopIcon /> Stop reading
          </button>
        </>
      )}
      <label className="inline-flex min-h-11 cursor-pointer items-center gap-2 px-2 text-sm font-semibold text-stone-700 dark:text-indigo-100">
        <input
          type="checkbox"
          checked={bedtime.enabled}
          onChange={(event) => bedtime.setEnabled(event.target.checked)}
          className="size-4 accent-orange-700 dark:accent-amber-300"
        />
        Bedtime mode (dim the page while reading)
      </label>
    </div>
  );
}
