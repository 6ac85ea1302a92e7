"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { signInWithPassword } from "@/lib/auth/browser-session";
import { zodFieldErrors, type FieldErrors } from "@/lib/forms/field-errors";

export function SignInForm({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // Loaded on submit: zod stays out of the page's first load.
    const { credentialsSchema } = await import("@/lib/auth/schema");
    const parsed = credentialsSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    setProblem(null);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    const error = await signInWithPassword(parsed.data);
    if (error) {
      setBusy(false);
      setProblem(error === "CredentialsSignin" ? "Wrong email or password. Please try again." : "We could not sign you in. Please try again.");
      return;
    }
    router.replace(returnTo);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {problem && (
        <p role="alert" className="rounded-2xl bg-red-50 px-4 py-3 font-semibold text-red-800 dark:bg-red-950 dark:text-red-200">
          {problem}
        </p>
      )}
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
