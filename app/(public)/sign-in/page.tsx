import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { cardStyles } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <div className={`${cardStyles} mx-auto max-w-md`}>
      <h1 className="text-3xl font-extrabold">Welcome back</h1>
      <p className="mt-2 mb-6 text-stone-700 dark:text-indigo-100">Sign in to write a new story or open your library.</p>
      <SignInForm />
    </div>
  );
}
