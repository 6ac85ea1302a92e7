"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { buttonStyles } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { signInWithPassword } from "@/lib/auth/browser-session";
import { toFieldErrors } from "@/lib/forms/field-errors";
import { checkedBy, useFormSubmission } from "@/lib/forms/use-form-submission";
import { ProblemMessage } from "@/components/ui/problem-message";

export function SignUpForm() {
  const router = useRouter();
  const { errors, problem, busy, onSubmit } = useFormSubmission({
    async check(form) {
      // Loaded on submit: zod stays out of the page's first load.
      const { registerSchema } = await import("@/lib/auth/schema");
      return checkedBy(registerSchema.safeParse({ name: form.get("name") || undefined, email: form.get("email"), password: form.get("password") }));
    },
    async send(data) {
      try {
        const res = await fetch("/api/v1/auth/register", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(data),
        });
        if (res.status === 409) {
          return {
            fieldErrors: { email: "An account with this email already exists." },
            problem: (
              <>
                An account with this email already exists.{" "}
                <Link href="/sign-in" className="underline underline-offset-4">
                  Sign in instead
                </Link>
                .
              </>
            ),
          };
        }
        if (res.status === 400) {
          const { parseErrorBody } = await import("@/lib/http/error-body");
          return { fieldErrors: toFieldErrors(parseErrorBody(await res.json().catch(() => null)).details) };
        }
        if (!res.ok) return { problem: "We could not create your account just now. Please try again." };
        if (await signInWithPassword({ email: data.email, password: data.password })) {
          return { problem: "Your account is ready, but signing in failed. Please sign in." };
        }
        router.replace("/new");
        router.refresh();
        return undefined;
      } catch {
        return { problem: "We could not reach StoryStream. Check your connection and try again." };
      }
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <ProblemMessage look="banner">{problem}</ProblemMessage>
      <TextField name="name" label="Your name (optional)" autoComplete="name" error={errors.name} />
      <TextField name="email" label="Email" type="email" autoComplete="email" required error={errors.email} />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters."
        error={errors.password}
      />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={busy}>
        {busy ? "Creating your account…" : "Create account"}
      </button>
      <p className="text-center text-stone-700 dark:text-indigo-100">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-semibold text-orange-800 underline underline-offset-4 dark:text-amber-200">
          Sign in
        </Link>
      </p>
    </form>
  );
}
