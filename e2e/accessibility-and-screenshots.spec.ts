import path from "node:path";
import { ROOT } from "../test/support/app";
import { expectAccessible } from "./support/accessibility";
import { signedInParent } from "./support/accounts";
import { fillStoryForm } from "./support/story-form";
import { expect, test } from "./support/test";

const SCREENSHOTS = path.join(ROOT, "e2e", "screenshots");
const VIEWPORTS = { phone: { width: 360, height: 780 }, desktop: { width: 1280, height: 900 } } as const;
const THEMES = ["light", "dark"] as const;

for (const theme of THEMES) {
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    test(`main pages pass axe and are captured (${theme}, ${device})`, async ({ page }) => {
      test.setTimeout(240_000); // axe on nine pages, on two shared cores
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" });
      const capture = async (name: string) => {
        await expect(page.locator("html")).toHaveClass(theme === "dark" ? /dark/ : /^(?!.*dark)/);
        await expectAccessible(page, `${name} (${theme}, ${device})`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${theme}-${device}.png`), fullPage: true });
      };

      await page.goto("/");
      await capture("welcome");
      await page.goto("/sign-up");
      await capture("sign-up");
      await page.goto("/sign-in");
      await capture("sign-in");

      await signedInParent(page);
      await capture("story-form");
      await page.getByRole("button", { name: "Create story" }).click();
      await capture("story-form-errors");
      await fillStoryForm(page, { title: "The Lake of Stars", hero: "Élodie", idea: "A fox finds a glowing map", style: "Bedtime" });
      await page.getByRole("button", { name: "Create story" }).click();
      await expect(page.getByText("Saved to your library.")).toBeVisible();
      await capture("story-saved");

      await page.getByRole("link", { name: "Open the story" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "The Lake of Stars" })).toBeVisible();
      await capture("reader");
      await page.goto("/library");
      await capture("library");
      await page.goto("/stories/00000000-0000-4000-8000-000000000000");
      await capture("not-found");
    });
  }
}

test("the theme toggle switches to the bedtime theme and remembers it without a flash", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  const toggle = page.getByRole("button", { name: "Bedtime theme" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(toggle).toHaveAttribute("aria-pressed", "true");

  // The class must already be there in the first paint after a reload, before React runs.
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
});
