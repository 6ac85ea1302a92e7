"use client";

import { fieldStyles } from "@/components/ui/styles";
import { FieldMessages, describedBy } from "@/components/ui/text-field";
import { ageTierFor, MAX_AGE, MIN_AGE } from "@/lib/stories/policy";

const stepButton =
  "inline-flex size-12 shrink-0 items-center justify-center rounded-full border-2 border-orange-700 text-2xl font-bold text-orange-800 hover:bg-orange-50 disabled:opacity-40 dark:border-amber-300 dark:text-amber-200 dark:hover:bg-indigo-900";

/** A big, friendly age control: minus and plus buttons around a slider with the age in words. */
export function AgePicker({ value, onChange, error }: { value: number; onChange: (age: number) => void; error?: string }) {
  const hint = `Stories for ${ageTierFor(value).label}. Ages ${MIN_AGE} to ${MAX_AGE}.`;
  return (
    <div>
      <label htmlFor="age" className={fieldStyles.label}>
        Child&apos;s age
      </label>
      <div className="mt-2 flex items-center gap-3">
        <button type="button" className={stepButton} onClick={() => onChange(value - 1)} disabled={value <= MIN_AGE} aria-label="One year younger">
          −
        </button>
        <div className="flex min-w-0 flex-1 flex-col items-center gap-1">
          <output htmlFor="age" className="text-3xl font-extrabold text-orange-800 dark:text-amber-200" aria-hidden="true">
            {value}
          </output>
          <input
            id="age"
            name="age"
            type="range"
            min={MIN_AGE}
            max={MAX_AGE}
            step={1}
            value={value}
            onChange={(event) => onChange(Number(event.target.value))}
            aria-valuetext={`${value} years old`}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy({ name: "age", label: "", hint, error })}
            className="w-full accent-orange-700 dark:accent-amber-300"
          />
        </div>
        <button type="button" className={stepButton} onClick={() => onChange(value + 1)} disabled={value >= MAX_AGE} aria-label="One year older">
          +
        </button>
      </div>
      <FieldMessages name="age" label="" hint={hint} error={error} />
    </div>
  );
}
