export const THEME_KEY = "storystream:theme";

/** The saved choice, else the system's: sets or clears the `dark` class on <html>. */
export function applyTheme(): void {
  const saved = window.localStorage.getItem(THEME_KEY);
  const dark = saved ? saved === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.classList.toggle("dark", dark);
}
