"use client";

import type { ReactNode } from "react";
import { BookIcon, CompassIcon, CrownIcon, FlaskIcon, MoonIcon, PawIcon, RocketIcon, SearchIcon, SmileIcon, WandIcon, type IconProps } from "@/components/icons";
import { fieldStyles } from "@/components/ui/styles";
import { FieldMessages, describedBy } from "@/components/ui/text-field";
import { STORY_STYLES } from "@/lib/stories/policy";

const ICONS: Partial<Record<string, (props: IconProps) => ReactNode>> = {
  Adventure: CompassIcon,
  Fantasy: WandIcon,
  Bedtime: MoonIcon,
  Funny: SmileIcon,
  Mystery: SearchIcon,
  Science: FlaskIcon,
  "Fairy tale": CrownIcon,
  Animals: PawIcon,
  Space: RocketIcon,
};

const styleId = (value: string) => `story_style-${value.replace(/\W+/g, "-").toLowerCase()}`;

/**
 * The story styles as a compact grid of radio chips (three rows on a phone). Each chip's short
 * description is its accessible description; the chosen one is also shown under the grid.
 */
export function StylePicker({ value, onChange, error }: { value: string; onChange: (style: string) => void; error?: string }) {
  const chosen = STORY_STYLES.find((style) => style.value === value);
  return (
    <fieldset id="story_style-fieldset" tabIndex={-1} aria-describedby={describedBy({ name: "story_style", label: "", error })}>
      <legend className={fieldStyles.label}>Style</legend>
      <div className="mt-2 grid grid-cols-3 gap-2">
        {STORY_STYLES.map((style) => {
          const StyleIcon = ICONS[style.value] ?? BookIcon;
          const id = styleId(style.value);
          return (
            <label
              key={style.value}
              htmlFor={id}
              className="relative flex min-h-11 cursor-pointer items-center justify-center gap-1.5 rounded-2xl border-2 border-stone-200 bg-white px-2 py-2 text-center text-sm font-semibold has-checked:border-orange-700 has-checked:bg-orange-50 has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-orange-700 sm:text-base dark:border-indigo-800 dark:bg-indigo-950 dark:has-checked:border-amber-300 dark:has-checked:bg-indigo-900 dark:has-focus-visible:outline-amber-300"
            >
              <input
                id={id}
                type="radio"
                name="story_style"
                value={style.value}
                checked={value === style.value}
                onChange={() => onChange(style.value)}
                aria-labelledby={`${id}-label`}
                aria-describedby={`${id}-description`}
                className="absolute inset-0 size-full cursor-pointer appearance-none rounded-2xl focus-visible:outline-none"
              />
              <span id={`${id}-label`}>
                <StyleIcon className="mr-1 inline size-4 align-text-bottom" />
                {style.label}
              </span>
              <span id={`${id}-description`} hidden>
                {style.description}
              </span>
            </label>
          );
        })}
      </div>
      {chosen && (
        <p className={fieldStyles.hint} aria-hidden="true">
          {chosen.description}
        </p>
      )}
      <FieldMessages name="story_style" label="" error={error} />
    </fieldset>
  );
}
