"use client";

import { useState, type FormEvent } from "react";
import { SparklesIcon } from "@/components/icons";
import { buttonStyles, fieldStyles } from "@/components/ui/styles";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { toFieldErrors, zodFieldErrors, type FieldErrors } from "@/lib/forms/field-errors";
import type { FieldMessage } from "@/lib/http/error-body";
import { languageName } from "@/lib/stories/format";
import type { StoryRequest } from "@/lib/stories/schema";
import { AgePicker } from "./age-picker";
import { CharacterChips, type CharacterChoice } from "./character-chips";
import { loadStorySchema } from "./lazy-modules";
import { LanguagePicker } from "./language-picker";
import { OTHER_LANGUAGE, draftToRequest, type StoryDraft } from "./story-draft";
import { StylePicker } from "./style-picker";
import { useStoryDraft } from "./use-story-draft";

const FIELD_ORDER = ["story_name", "hero_name", "story_idea", "story_style", "character_ids", "language", "age"] as const;
/** Fields folded under "Language and age": an error there opens the fold. */
const FOLDED_FIELDS = new Set(["language", "age"]);

/** Where focus goes for a field's error: the control that can fix it. */
function controlIdFor(field: string, languageIsOther: boolean): string {
  if (field === "language" && languageIsOther) return "language_other";
  if (field === "story_style") return "story_style-fieldset";
  if (field === "character_ids") return "character_ids-fieldset";
  return field;
}

/** A continuation's form: its own draft, pre-filled from the chapter it continues. */
export type FormContinuation = { storyId: string; initial: StoryDraft };

export function StoryForm({
  busy,
  serverErrors,
  onSubmit,
  characters,
  continuation,
}: {
  busy: boolean;
  serverErrors: FieldMessage[];
  onSubmit: (input: StoryRequest) => void;
  characters: readonly CharacterChoice[];
  continuation?: FormContinuation;
}) {
  const { draft, update, restored } = useStoryDraft(
    continuation ? { key: `storystream:story-draft:continue:${continuation.storyId}`, initial: continuation.initial } : {},
  );
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const [moreOpen, setMoreOpen] = useState(false);
  const errors = clientErrors ?? toFieldErrors(serverErrors.map((detail) => ({ ...detail, field: detail.field.split(".")[0] ?? detail.field })));
  const foldedError = [...FOLDED_FIELDS].some((field) => errors[field]);
  const languageLabel = draft.language === OTHER_LANGUAGE ? draft.other_language || "Other language" : languageName(draft.language);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { storyRequestSchema } = await loadStorySchema();
    const request = draftToRequest(draft, { characterIds: characters.map((character) => character.id), continuesStoryId: continuation?.storyId });
    const parsed = storyRequestSchema.safeParse(request);
    if (!parsed.success) {
      const found = zodFieldErrors(parsed.error);
      setClientErrors(found);
      const first = FIELD_ORDER.find((field) => found[field]);
      if (first && FOLDED_FIELDS.has(first)) setMoreOpen(true);
      // After the fold has opened, so the control can take focus.
      if (first) requestAnimationFrame(() => document.getElementById(controlIdFor(first, draft.language === OTHER_LANGUAGE))?.focus());
      return;
    }
    setClientErrors({});
    onSubmit(parsed.data);
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="story-form-title">
      <fieldset disabled={!restored} className="space-y-5">
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            name="story_name"
            label="Title"
            placeholder="e.g. The Magic Forest Adventure"
            value={draft.story_name}
            onChange={(event) => update("story_name", event.target.value)}
            autoComplete="off"
            error={errors.story_name}
          />
          <TextField
            name="hero_name"
            label="Hero's name"
            placeholder="e.g. Alice"
            value={draft.hero_name}
            onChange={(event) => update("hero_name", event.target.value)}
            autoComplete="off"
            error={errors.hero_name}
          />
        </div>
        <TextAreaField
          name="story_idea"
          label={continuation ? "What happens next?" : "Story idea"}
          hint={continuation ? "A sentence or two about this chapter; the story so far is remembered for you." : "A sentence or two: who, where, and what happens."}
          placeholder={continuation ? "e.g. They follow the map to the mountains" : "e.g. A young girl discovers a magical forest behind her school"}
          rows={3}
          value={draft.story_idea}
          onChange={(event) => update("story_idea", event.target.value)}
          error={errors.story_idea}
        />
        <StylePicker value={draft.story_style} onChange={(style) => update("story_style", style)} error={errors.story_style} />
        <CharacterChips
          characters={characters}
          value={draft.character_ids.filter((id) => characters.some((character) => character.id === id))}
          onChange={(ids) => update("character_ids", ids)}
          error={errors.character_ids}
        />
        <details
          open={moreOpen || foldedError}
          onToggle={(event) => setMoreOpen(event.currentTarget.open)}
          className="rounded-2xl border-2 border-stone-200 px-4 py-2 dark:border-indigo-800"
        >
          <summary className={`${fieldStyles.label} flex min-h-11 cursor-pointer flex-wrap items-center gap-x-2`}>
            Language and age
            <span className="font-normal text-stone-600 dark:text-indigo-200">
              {languageLabel} · {draft.age} years old
            </span>
          </summary>
          <div className="space-y-5 pt-2 pb-3">
            <LanguagePicker
              value={draft.language}
              otherTag={draft.other_language}
              onChange={(tag) => update("language", tag)}
              onOtherTagChange={(tag) => update("other_language", tag)}
              error={errors.language}
            />
            <AgePicker value={draft.age} onChange={(age) => update("age", age)} error={errors.age} />
          </div>
        </details>
        <button type="submit" className={`${buttonStyles.primary} w-full text-lg`} disabled={busy}>
          <SparklesIcon /> {continuation ? "Write the next chapter" : "Create story"}
        </button>
      </fieldset>
    </form>
  );
}
