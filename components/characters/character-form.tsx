"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { PRONOUN_CHOICES } from "@/lib/characters/policy";
import type { CharacterResponse } from "@/lib/characters/responses";
import { characterInputSchema } from "@/lib/characters/schema";
import { toFieldErrors, zodFieldErrors, type FieldErrors } from "@/lib/forms/field-errors";
import { parseErrorBody } from "@/lib/http/error-body";
import { characterToDraft, draftToCharacter, EMPTY_CHARACTER_DRAFT, type CharacterDraft } from "./character-draft";
import { ProblemMessage } from "@/components/ui/problem-message";

const FIELD_ORDER = ["name", "kind", "pronouns", "traits", "appearance", "favorite_things"] as const;

/** Creates a character, or edits `editing`; validated with the API's own schema first. */
export function CharacterForm({ editing }: { editing?: CharacterResponse }) {
  const router = useRouter();
  const [draft, setDraft] = useState<CharacterDraft>(editing ? characterToDraft(editing) : EMPTY_CHARACTER_DRAFT);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const update = (field: keyof CharacterDraft, value: string) => setDraft((current) => ({ ...current, [field]: value }));

  function focusFirst(found: FieldErrors) {
    const first = FIELD_ORDER.find((field) => found[field]);
    if (first) document.getElementById(`character-${first}`)?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = characterInputSchema.safeParse(draftToCharacter(draft));
    if (!parsed.success) {
      const found = zodFieldErrors(parsed.error);
      setErrors(found);
      focusFirst(found);
      return;
    }
    setErrors({});
    setProblem(null);
    setSaving(true);
    try {
      const res = await fetch(editing ? `/api/v1/characters/${editing.id}/` : "/api/v1/characters/", {
        method: editing ? "PATCH" : "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(parsed.data),
      });
      if (!res.ok) {
        const { message, details } = parseErrorBody(await res.json().catch(() => null));
        const found = toFieldErrors(details.map((detail) => ({ ...detail, field: detail.field.split(".")[0] ?? detail.field })));
        setErrors(found);
        focusFirst(found);
        setProblem(message || `The character could not be saved (HTTP ${res.status}).`);
        return;
      }
      if (!editing) setDraft(EMPTY_CHARACTER_DRAFT);
      router.replace("/characters");
      router.refresh();
    } catch {
      setProblem("The character could not be saved: the connection failed. Please try again.");
    } finally {
      setSaving(false);
    }
  }

  const field = (name: keyof CharacterDraft) => ({
    name: `character-${name}`,
    value: draft[name],
    error: errors[name],
    autoComplete: "off",
  });

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="character-form-title" className="space-y-5" id="character-form">
      <h2 id="character-form-title" className="text-2xl font-extrabold">
        {editing ? `Edit ${editing.name}` : "New character"}
      </h2>
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField {...field("name")} label="Name" placeholder="e.g. Pip" onChange={(event) => update("name", event.target.value)} />
        <TextField
          {...field("kind")}
          label="What they are"
          placeholder="e.g. a small green dragon"
          onChange={(event) => update("kind", event.target.value)}
        />
        <TextField
          {...field("pronouns")}
          label="Pronouns"
          placeholder="e.g. she/her"
          list="pronoun-choices"
          onChange={(event) => update("pronouns", event.target.value)}
        />
        <datalist id="pronoun-choices">
          {PRONOUN_CHOICES.map((choice) => (
            <option key={choice} value={choice} />
          ))}
        </datalist>
        <TextField
          {...field("traits")}
          label="Traits"
          hint="Up to 5, separated by commas."
          placeholder="e.g. brave, curious, a bit shy"
          onChange={(event) => update("traits", event.target.value)}
        />
      </div>
      <TextAreaField
        {...field("appearance")}
        label="How they look (optional)"
        placeholder="e.g. tiny wings and a red woolly scarf"
        rows={2}
        onChange={(event) => update("appearance", event.target.value)}
      />
      <TextField
        {...field("favorite_things")}
        label="Favourite things (optional)"
        hint="Up to 5, separated by commas."
        placeholder="e.g. apples, puddles"
        onChange={(event) => update("favorite_things", event.target.value)}
      />
      <ProblemMessage>{problem}</ProblemMessage>
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={buttonStyles.primary} disabled={saving}>
          {saving ? "Saving…" : editing ? "Save changes" : "Save character"}
        </button>
        {editing && (
          <Link href="/characters" className={buttonStyles.quiet}>
            Cancel
          </Link>
        )}
      </div>
    </form>
  );
}
