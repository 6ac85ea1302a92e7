"use client";

import { signOutTo } from "@/lib/auth/browser-session";
import { useState, type FormEvent } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { deleteAccountSchema } from "@/lib/account/schema";
import type { FieldErrors } from "@/lib/forms/field-errors";
import { sendJson } from "./submit-json";

export const DELETE_CONFIRMATION = "delete my account";

/** Deleting needs the phrase typed out and the password: nothing here can be undone. */
export function DeleteAccountForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setProblem(null);
    const confirmation = String(form.get("confirmation") ?? "").trim().toLowerCase();
    const parsed = deleteAccountSchema.safeParse({ password: form.get("delete_password") });
    const found: FieldErrors = {};
    if (confirmation !== DELETE_CONFIRMATION) found.confirmation = `Type “${DELETE_CONFIRMATION}” to confirm`;
    if (!parsed.success) found.delete_password = parsed.error.issues[0]?.message;
    setErrors(found);
    if (!parsed.success || found.confirmation) return;
    setBusy(true);
    const outcome = await sendJson("/api/v1/account", "DELETE", parsed.data);
    if (outcome.ok) {
      await signOutTo("/?account=deleted");
      return;
    }
    setBusy(false);
    if (outcome.fieldErrors.password) setErrors({ delete_password: outcome.fieldErrors.password });
    else setProblem(outcome.message);
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-4">
      <TextField
        name="confirmation"
        label={`Type “${DELETE_CONFIRMATION}”`}
        autoComplete="off"
        spellCheck={false}
        error={errors.confirmation}
      />
      <TextField name="delete_password" label="Your password" type="password" autoComplete="current-password" error={errors.delete_password} />
      {problem && (
        <p role="alert" className="font-semibold text-red-700 dark:text-red-300">
          {problem}
        </p>
      )}
      <button type="submit" className={buttonStyles.danger} disabled={busy}>
        {busy ? "Deleting…" : "Delete my account and every story"}
      </button>
    </form>
  );
}
