import { THEME_KEY } from "./theme";

/**
 * Runs before first paint so a saved or system dark theme never flashes light (applyTheme, inlined).
 * The page CSP allows it by its hash (lib/security/csp.ts), so static pages need no nonce for it.
 */
export const THEME_BOOT_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});var d=t?t==="dark":matchMedia("(prefers-color-scheme: dark)").matches;document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;
