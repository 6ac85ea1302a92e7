import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { BookIcon } from "@/components/icons";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import type { SessionUser } from "@/lib/auth/session";

const navLink =
  "inline-flex min-h-11 items-center rounded-full px-2.5 font-semibold text-stone-800 hover:bg-orange-100 dark:text-indigo-50 dark:hover:bg-indigo-900";

export function SiteHeader({ user }: { user: SessionUser | null }) {
  return (
    <header className="border-b border-orange-100 bg-white/70 dark:border-indigo-900 dark:bg-indigo-950/50">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="inline-flex min-h-11 items-center gap-2 text-xl font-extrabold text-orange-800 dark:text-amber-200">
          <BookIcon className="size-6" /> StoryStream
        </Link>
        <nav aria-label="Main" className="-mx-2.5 flex flex-wrap items-center gap-0.5 sm:mx-0">
          {user ? (
            <>
              <Link href="/new" className={navLink}>
                New story
              </Link>
              <Link href="/library" className={navLink}>
                Library
              </Link>
              <Link href="/account" className={navLink}>
                Account
              </Link>
              <ThemeToggle />
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className={navLink}>
                Sign in
              </Link>
              <ThemeToggle />
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
