"use client";

import { signOutTo } from "@/lib/auth/browser-session";
import { buttonStyles } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { deleteAccountSchema } from "@/lib/account/schema";
import type { FieldErrors } from "@/lib/forms/field-errors";
import { useFormSubmission } from "@/lib/forms/use-form-submission";
import { sendJson } from "./submit-json";
import { ProblemMessage } from "@/components/ui/problem-message";

export const DELETE_CONFIRMATION = "delete my account";

/** Deleting needs the phrase typed out and the password: nothing here can be undone. */
export function DeleteAccountForm() {
  const { errors, problem, busy, onSubmit } = useFormSubmission({
    check(form) {
      const confirmation = String(form.get("confirmation") ?? "").trim().toLowerCase();
      const parsed = deleteAccountSchema.safeParse({ password: form.get("delete_password") });
      const found: FieldErrors = {};
      if (confirmation !== DELETE_CONFIRMATION) found.confirmation = `Type “${DELETE_CONFIRMATION}” to confirm`;
      if (!parsed.success) found.delete_password = parsed.error.issues[0]?.message;
      return parsed.success && !found.confirmation ? { data: parsed.data } : { fieldErrors: found };
    },
    async send(data) {
      const outcome = await sendJson("/api/v1/account", "DELETE", data);
      if (outcome.ok) {
        await signOutTo("/?account=deleted");
        return undefined;
      }
      return outcome.fieldErrors.password ? { fieldErrors: { delete_password: outcome.fieldErrors.password } } : { problem: outcome.message };
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <TextField
        name="confirmation"
        label={`Type “${DELETE_CONFIRMATION}”`}
        autoComplete="off"
        spellCheck={false}
        error={errors.confirmation}
      />
      <TextField name="delete_password" label="Your password" type="password" autoComplete="current-password" error={errors.delete_password} />
      <ProblemMessage>{problem}</ProblemMessage>
      <button type="submit" className={buttonStyles.danger} disabled={busy}>
        {busy ? "Deleting…" : "Delete my account and every story"}
      </button>
    </form>
  );
}
