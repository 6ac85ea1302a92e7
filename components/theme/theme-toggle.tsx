"use client";

import { useSyncExternalStore } from "react";
import { MoonIcon, SunIcon } from "@/components/icons";
import { THEME_KEY } from "./theme";

function subscribe(listener: () => void) {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}
const isDark = () => document.documentElement.classList.contains("dark");

/** Switches between the light and the bedtime (dark) theme; follows the system until chosen. */
export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);

  const toggle = () => {
    const next = !dark;
    window.localStorage.setItem(THEME_KEY, next ? "dark" : "light");
    document.documentElement.classList.toggle("dark", next);
  };

  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={dark}
      className="inline-flex min-h-11 min-w-11 items-center justify-center gap-1.5 rounded-full border border-stone-300 px-3 text-sm font-semibold text-stone-800 hover:bg-orange-50 dark:border-indigo-700 dark:text-indigo-50 dark:hover:bg-indigo-900"
    >
      {dark ? <MoonIcon /> : <SunIcon />}
      <span className="sr-only sm:not-sr-only">Bedtime theme</span>
    </button>
  );
}
