"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { signInWithPassword } from "@/lib/auth/browser-session";
import { toFieldErrors, zodFieldErrors, type FieldErrors } from "@/lib/forms/field-errors";

export function SignUpForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // Loaded on submit: zod stays out of the page's first load.
    const { registerSchema } = await import("@/lib/auth/schema");
    const parsed = registerSchema.safeParse({
      name: form.get("name") || undefined,
      email: form.get("email"),
      password: form.get("password"),
    });
    setProblem(null);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const res = await fetch("/api/v1/auth/register", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(parsed.data),
      });
      if (res.status === 409) {
        setErrors({ email: "An account with this email already exists." });
        setProblem(
          <>
            An account with this email already exists.{" "}
            <Link href="/sign-in" className="underline underline-offset-4">
              Sign in instead
            </Link>
            .
          </>,
        );
        return;
      }
      if (res.status === 400) {
        const { parseErrorBody } = await import("@/lib/http/error-body");
        setErrors(toFieldErrors(parseErrorBody(await res.json().catch(() => null)).details));
        return;
      }
      if (!res.ok) {
        setProblem("We could not create your account just now. Please try again.");
        return;
      }
      if (await signInWithPassword({ email: parsed.data.email, password: parsed.data.password })) {
        setProblem("Your account is ready, but signing in failed. Please sign in.");
        return;
      }
      router.replace("/new");
      router.refresh();
    } catch {
      setProblem("We could not reach StoryStream. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {problem && (
        <p role="alert" className="rounded-2xl bg-red-50 px-4 py-3 font-semibold text-red-800 dark:bg-red-950 dark:text-red-200">
          {problem}
        </p>
      )}
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
