import { headers } from "next/headers";
import { THEME_KEY } from "./theme";

// Runs before first paint so a saved or system dark theme never flashes light (applyTheme, inlined).
const script = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});var d=t?t==="dark":matchMedia("(prefers-color-scheme: dark)").matches;document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;

/** Inline, so it carries the request's CSP nonce (set by proxy.ts); without it the browser blocks it. */
export async function ThemeScript() {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: script }} />;
}
