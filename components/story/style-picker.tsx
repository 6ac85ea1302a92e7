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

/** The story styles as radio cards, each with its short description. */
export function StylePicker({ value, onChange, error }: { value: string; onChange: (style: string) => void; error?: string }) {
  return (
    <fieldset id="story_style-fieldset" tabIndex={-1} aria-describedby={describedBy({ name: "story_style", label: "", error })}>
      <legend className={fieldStyles.label}>Style</legend>
      <div className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-1">
        {STORY_STYLES.map((style) => {
          const StyleIcon = ICONS[style.value] ?? BookIcon;
          const id = `story_style-${style.value.replace(/\W+/g, "-").toLowerCase()}`;
          return (
            <label
              key={style.value}
              htmlFor={id}
              className="flex cursor-pointer items-start gap-3 rounded-2xl border-2 border-stone-200 bg-white p-3 has-checked:border-orange-700 has-checked:bg-orange-50 has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-orange-700 dark:border-indigo-800 dark:bg-indigo-950 dark:has-checked:border-amber-300 dark:has-checked:bg-indigo-900 dark:has-focus-visible:outline-amber-300"
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
                className="mt-1 size-4 accent-orange-700 focus-visible:outline-none dark:accent-amber-300"
              />
              <span>
                <span id={`${id}-label`} className="font-semibold">
                  <StyleIcon className="mr-1.5 inline size-5 align-text-bottom" />
                  {style.label}
                </span>
                <span id={`${id}-description`} className="block text-sm text-stone-600 dark:text-indigo-200">
                  {style.description}
                </span>
              </span>
            </label>
          );
        })}
      </div>
      <FieldMessages name="story_style" label="" error={error} />
    </fieldset>
  );
}
