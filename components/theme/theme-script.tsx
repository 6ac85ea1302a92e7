import { THEME_BOOT_SCRIPT } from "./theme-boot-script";

/** Inline and identical on every page: the CSP allows it by its hash, with or without a nonce. */
export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />;
}
