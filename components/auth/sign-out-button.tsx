"use client";

import { signOutTo } from "@/lib/auth/browser-session";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOutTo("/")}
      className="inline-flex min-h-11 items-center rounded-full px-2.5 font-semibold text-stone-800 hover:bg-orange-100 dark:text-indigo-50 dark:hover:bg-indigo-900"
    >
      Sign out
    </button>
  );
}
