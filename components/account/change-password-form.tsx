"use client";

import { signOutTo } from "@/lib/auth/browser-session";
import { useState, type FormEvent } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { changePasswordSchema } from "@/lib/account/schema";
import { zodFieldErrors, type FieldErrors } from "@/lib/forms/field-errors";
import { sendJson } from "./submit-json";

/** A new password ends every session, this one included: the parent signs in again with it. */
export function ChangePasswordForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = changePasswordSchema.safeParse({ current_password: form.get("current_password"), new_password: form.get("new_password") });
    setProblem(null);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    const outcome = await sendJson("/api/v1/account/password", "POST", parsed.data);
    if (outcome.ok) {
      await signOutTo("/sign-in?callbackUrl=%2Faccount");
      return;
    }
    setBusy(false);
    setErrors(outcome.fieldErrors);
    if (Object.keys(outcome.fieldErrors).length === 0) setProblem(outcome.message);
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-4">
      <TextField name="current_password" label="Current password" type="password" autoComplete="current-password" error={errors.current_password} />
      <TextField
        name="new_password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. You will be signed out everywhere and sign in again with it."
        error={errors.new_password}
      />
      {problem && (
        <p role="alert" className="font-semibold text-red-700 dark:text-red-300">
          {problem}
        </p>
      )}
      <button type="submit" className={buttonStyles.primary} disabled={busy}>
        {busy ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
