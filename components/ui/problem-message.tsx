import type { ReactNode } from "react";

const looks = {
  inline: "font-semibold text-red-700 dark:text-red-300",
  banner: "rounded-2xl bg-red-50 px-4 py-3 font-semibold text-red-800 dark:bg-red-950 dark:text-red-200",
};

/** What went wrong with a form or an action, announced to screen readers; nothing when all is well. */
export function ProblemMessage({ children, look = "inline", className }: { children: ReactNode; look?: keyof typeof looks; className?: string }) {
  if (!children) return null;
  return (
    <p role="alert" className={className ? `${className} ${looks[look]}` : looks[look]}>
      {children}
    </p>
  );
}
