"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { buttonStyles } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { signInWithPassword } from "@/lib/auth/browser-session";
import { checkedBy, useFormSubmission } from "@/lib/forms/use-form-submission";
import { ProblemMessage } from "@/components/ui/problem-message";

export function SignInForm({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const { errors, problem, busy, onSubmit } = useFormSubmission({
    async check(form) {
      // Loaded on submit: zod stays out of the page's first load.
      const { credentialsSchema } = await import("@/lib/auth/schema");
      return checkedBy(credentialsSchema.safeParse({ email: form.get("email"), password: form.get("password") }));
    },
    async send(data) {
      const error = await signInWithPassword(data);
      if (error) return { problem: error === "CredentialsSignin" ? "Wrong email or password. Please try again." : "We could not sign you in. Please try again." };
      router.replace(returnTo);
      router.refresh();
      return undefined;
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <ProblemMessage look="banner">{problem}</ProblemMessage>
      <TextField name="email" label="Email" type="email" autoComplete="email" required error={errors.email} />
      <TextField name="password" label="Password" type="password" autoComplete="current-password" required error={errors.password} />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-center text-stone-700 dark:text-indigo-100">
        New here?{" "}
        <Link href="/sign-up" className="font-semibold text-orange-800 underline underline-offset-4 dark:text-amber-200">
          Create an account
        </Link>
      </p>
    </form>
  );
}
