/** Shared Tailwind class lists, so every button and field looks and behaves the same. */
export const buttonStyles = {
  primary:
    "inline-flex min-h-11 items-center justify-center gap-2 rounded-full bg-orange-700 px-5 py-2.5 font-semibold text-white shadow-sm hover:bg-orange-800 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-amber-300 dark:text-indigo-950 dark:hover:bg-amber-200",
  secondary:
    "inline-flex min-h-11 items-center justify-center gap-2 rounded-full border-2 border-orange-700 px-5 py-2 font-semibold text-orange-800 hover:bg-orange-50 disabled:cursor-not-allowed disabled:opacity-60 dark:border-amber-300 dark:text-amber-200 dark:hover:bg-indigo-900",
  quiet:
    "inline-flex min-h-11 items-center justify-center gap-2 rounded-full px-4 py-2 font-semibold text-stone-700 underline-offset-4 hover:underline dark:text-indigo-100",
  danger:
    "inline-flex min-h-11 items-center justify-center gap-2 rounded-full bg-red-700 px-5 py-2.5 font-semibold text-white hover:bg-red-800 dark:bg-red-400 dark:text-red-950 dark:hover:bg-red-300",
} as const;

export const fieldStyles = {
  label: "block text-base font-semibold text-stone-800 dark:text-indigo-50",
  hint: "mt-1 text-sm text-stone-600 dark:text-indigo-200",
  input:
    "mt-2 block w-full rounded-2xl border-2 border-stone-300 bg-white px-4 py-3 text-base text-stone-900 placeholder:text-stone-500 placeholder:italic aria-[invalid=true]:border-red-700 dark:border-indigo-700 dark:bg-indigo-950 dark:text-indigo-50 dark:placeholder:text-indigo-300/90 dark:aria-[invalid=true]:border-red-400",
  error: "mt-2 text-sm font-semibold text-red-700 dark:text-red-300",
} as const;

export const cardStyles =
  "rounded-3xl border border-orange-100 bg-white/90 p-5 shadow-sm sm:p-8 dark:border-indigo-900 dark:bg-indigo-950/60";
