"use client";

import { useState, type FormEvent } from "react";
import { SparklesIcon } from "@/components/icons";
import { buttonStyles } from "@/components/ui/styles";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { toFieldErrors, zodFieldErrors, type FieldErrors } from "@/lib/forms/field-errors";
import type { FieldMessage } from "@/lib/http/error-body";
import type { StoryRequest } from "@/lib/stories/schema";
import { AgePicker } from "./age-picker";
import { loadStorySchema } from "./lazy-modules";
import { LanguagePicker } from "./language-picker";
import { OTHER_LANGUAGE, draftToRequest } from "./story-draft";
import { StylePicker } from "./style-picker";
import { useStoryDraft } from "./use-story-draft";

const FIELD_ORDER = ["story_name", "hero_name", "story_idea", "story_style", "language", "age"] as const;

/** Where focus goes for a field's error: the control that can fix it. */
function controlIdFor(field: string, languageIsOther: boolean): string {
  if (field === "language" && languageIsOther) return "language_other";
  if (field === "story_style") return "story_style-fieldset";
  return field;
}

export function StoryForm({
  busy,
  serverErrors,
  onSubmit,
}: {
  busy: boolean;
  serverErrors: FieldMessage[];
  onSubmit: (input: StoryRequest) => void;
}) {
  const { draft, update, restored } = useStoryDraft();
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const errors = clientErrors ?? toFieldErrors(serverErrors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { storyRequestSchema } = await loadStorySchema();
    const parsed = storyRequestSchema.safeParse(draftToRequest(draft));
    if (!parsed.success) {
      const found = zodFieldErrors(parsed.error);
      setClientErrors(found);
      const first = FIELD_ORDER.find((field) => found[field]);
      if (first) document.getElementById(controlIdFor(first, draft.language === OTHER_LANGUAGE))?.focus();
      return;
    }
    setClientErrors({});
    onSubmit(parsed.data);
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="story-form-title">
      <fieldset disabled={!restored} className="space-y-6">
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
        <TextAreaField
          name="story_idea"
          label="Story idea"
          hint="A sentence or two: who, where, and what happens."
          placeholder="e.g. A young girl discovers a magical forest behind her school"
          rows={3}
          value={draft.story_idea}
          onChange={(event) => update("story_idea", event.target.value)}
          error={errors.story_idea}
        />
        <StylePicker value={draft.story_style} onChange={(style) => update("story_style", style)} error={errors.story_style} />
        <LanguagePicker
          value={draft.language}
          otherTag={draft.other_language}
          onChange={(tag) => update("language", tag)}
          onOtherTagChange={(tag) => update("other_language", tag)}
          error={errors.language}
        />
        <AgePicker value={draft.age} onChange={(age) => update("age", age)} error={errors.age} />
        <button type="submit" className={`${buttonStyles.primary} w-full text-lg`} disabled={busy}>
          <SparklesIcon /> Create story
        </button>
      </fieldset>
    </form>
  );
}
