import Link from "next/link";
import { BookIcon } from "@/components/icons";
import { buttonStyles, cardStyles } from "./styles";

export function NotFoundMessage() {
  return (
    <div className={`${cardStyles} mx-auto max-w-lg text-center`}>
      <BookIcon className="mx-auto size-12 text-orange-700 dark:text-amber-300" />
      <h1 className="mt-4 text-3xl font-extrabold">404: story not found</h1>
      <p className="mt-3 text-stone-700 dark:text-indigo-100">
        This page does not exist, or it belongs to another family&apos;s library.
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link href="/library" className={buttonStyles.primary}>
          Go to your library
        </Link>
        <Link href="/" className={buttonStyles.quiet}>
          Home
        </Link>
      </div>
    </div>
  );
}
