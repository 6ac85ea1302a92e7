import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { cardStyles } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage() {
  return (
    <div className={`${cardStyles} mx-auto max-w-md`}>
      <h1 className="text-3xl font-extrabold">Create your family account</h1>
      <p className="mt-2 mb-6 text-stone-700 dark:text-indigo-100">Your stories are private to your account.</p>
      <SignUpForm />
    </div>
  );
}
