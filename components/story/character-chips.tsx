"use client";

import Link from "next/link";
import { fieldStyles } from "@/components/ui/styles";
import { FieldMessages, describedBy } from "@/components/ui/text-field";
import { MAX_CHARACTERS_PER_STORY } from "@/lib/stories/policy";

export type CharacterChoice = { id: string; name: string; kind: string };

const chip =
  "inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-full border-2 border-stone-200 bg-white px-4 py-1.5 font-semibold has-checked:border-orange-700 has-checked:bg-orange-50 has-disabled:cursor-not-allowed has-disabled:opacity-50 has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-orange-700 dark:border-indigo-800 dark:bg-indigo-950 dark:has-checked:border-amber-300 dark:has-checked:bg-indigo-900 dark:has-focus-visible:outline-amber-300";

/** The family's saved characters as checkbox chips: up to three join the story. */
export function CharacterChips({
  characters,
  value,
  onChange,
  error,
}: {
  characters: readonly CharacterChoice[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const full = value.length >= MAX_CHARACTERS_PER_STORY;
  const hint =
    characters.length === 0
      ? undefined
      : `Up to ${MAX_CHARACTERS_PER_STORY} join the hero${value.length > 0 ? ` (${value.length} chosen)` : ""}.`;
  return (
    <fieldset id="character_ids-fieldset" tabIndex={-1} aria-describedby={describedBy({ name: "character_ids", label: "", hint, error })}>
      <legend className={fieldStyles.label}>Characters</legend>
      {characters.length === 0 ? (
        <p className={fieldStyles.hint}>
          <Link href="/characters" className="font-semibold underline underline-offset-4">
            Save your family&apos;s characters
          </Link>{" "}
          to bring them back in every story.
        </p>
      ) : (
        <div className="mt-2 flex flex-wrap gap-2">
          {characters.map((character) => {
            const checked = value.includes(character.id);
            return (
              <label key={character.id} className={chip}>
                <input
                  type="checkbox"
                  className="size-4 accent-orange-700 dark:accent-amber-300"
                  checked={checked}
                  disabled={!checked && full}
                  onChange={() => onChange(checked ? value.filter((id) => id !== character.id) : [...value, character.id])}
                />
                <span>
                  {character.name}
                  <span className="sr-only">, {character.kind}</span>
                </span>
              </label>
            );
          })}
          <Link href="/characters" className="inline-flex min-h-11 items-center px-2 text-sm font-semibold underline underline-offset-4">
            Edit characters
          </Link>
        </div>
      )}
      <FieldMessages name="character_ids" label="" hint={hint} error={error} />
    </fieldset>
  );
}
