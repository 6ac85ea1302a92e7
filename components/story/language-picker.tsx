"use client";

import { fieldStyles } from "@/components/ui/styles";
import { FieldMessages, TextField, describedBy } from "@/components/ui/text-field";
import { STORY_LANGUAGES } from "@/lib/stories/policy";
import { OTHER_LANGUAGE } from "./story-draft";

/** Common languages in their own names, or any BCP 47 tag under "Other". */
export function LanguagePicker({
  value,
  otherTag,
  onChange,
  onOtherTagChange,
  error,
}: {
  value: string;
  otherTag: string;
  onChange: (tag: string) => void;
  onOtherTagChange: (tag: string) => void;
  error?: string;
}) {
  const isOther = value === OTHER_LANGUAGE;
  const selectError = isOther ? undefined : error;
  return (
    <div className="space-y-4">
      <div>
        <label htmlFor="language" className={fieldStyles.label}>
          Language
        </label>
        <select
          id="language"
          name="language"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={selectError ? true : undefined}
          aria-describedby={describedBy({ name: "language", label: "", error: selectError })}
          className={fieldStyles.input}
        >
          {STORY_LANGUAGES.map((language) => (
            <option key={language.tag} value={language.tag} lang={language.tag}>
              {language.name}
            </option>
          ))}
          <option value={OTHER_LANGUAGE}>Other language…</option>
        </select>
        <FieldMessages name="language" label="" error={selectError} />
      </div>
      {isOther && (
        <TextField
          name="language_other"
          label="Language tag"
          hint="A BCP 47 tag, for example sw (Swahili), cy (Welsh) or pt-BR (Brazilian Portuguese)."
          value={otherTag}
          onChange={(event) => onOtherTagChange(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          error={error}
        />
      )}
    </div>
  );
}
