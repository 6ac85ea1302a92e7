"use client";

import { signOutTo } from "@/lib/auth/browser-session";
import { buttonStyles } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { changePasswordSchema } from "@/lib/account/schema";
import { checkedBy, useFormSubmission } from "@/lib/forms/use-form-submission";
import { sendJson } from "./submit-json";
import { ProblemMessage } from "@/components/ui/problem-message";

/** A new password ends every session, this one included: the parent signs in again with it. */
export function ChangePasswordForm() {
  const { errors, problem, busy, onSubmit } = useFormSubmission({
    check: (form) => checkedBy(changePasswordSchema.safeParse({ current_password: form.get("current_password"), new_password: form.get("new_password") })),
    async send(data) {
      const outcome = await sendJson("/api/v1/account/password", "POST", data);
      if (outcome.ok) {
        await signOutTo("/sign-in?callbackUrl=%2Faccount");
        return undefined;
      }
      return Object.keys(outcome.fieldErrors).length > 0 ? { fieldErrors: outcome.fieldErrors } : { problem: outcome.message };
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <TextField name="current_password" label="Current password" type="password" autoComplete="current-password" error={errors.current_password} />
      <TextField
        name="new_password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. You will be signed out everywhere and sign in again with it."
        error={errors.new_password}
      />
      <ProblemMessage>{problem}</ProblemMessage>
      <button type="submit" className={buttonStyles.primary} disabled={busy}>
        {busy ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
