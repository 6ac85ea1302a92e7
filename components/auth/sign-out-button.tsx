"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOut({ callbackUrl: "/" })}
      className="inline-flex min-h-11 items-center rounded-full px-2.5 font-semibold text-stone-800 hover:bg-orange-100 dark:text-indigo-50 dark:hover:bg-indigo-900"
    >
      Sign out
    </button>
  );
}
