import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { cardStyles } from "@/components/ui/styles";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

/**
 * Rendered per request, not static: only the database knows whether a session was revoked, and a
 * revoked one must see this form rather than be sent on to a page that sends it back here.
 */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(returnTo);
  return (
    <div className={`${cardStyles} mx-auto max-w-md`}>
      <h1 className="text-3xl font-extrabold">Welcome back</h1>
      <p className="mt-2 mb-6 text-stone-700 dark:text-indigo-100">Sign in to write a new story or open your library.</p>
      <SignInForm returnTo={returnTo} />
    </div>
  );
}
