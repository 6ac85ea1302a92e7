import type { Locator, Page } from "@playwright/test";
import { registerAccount } from "./support/accounts";
import { expect, test } from "./support/test";

/** Presses Tab until `target` has focus: the way a keyboard user moves through the page. */
async function tabTo(page: Page, target: Locator, maxPresses = 40): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

test("the main flow works with the keyboard alone: sign in, write a story, open it", async ({ page }) => {
  const account = await registerAccount(page.request);
  await page.goto("/");

  await tabTo(page, page.getByRole("link", { name: "Sign in" }).first());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sign-in/);
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(account.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(account.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/new$/);

  await tabTo(page, page.getByLabel("Title"));
  await page.keyboard.type("The Keyboard Kingdom");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Tabby");
  await page.keyboard.press("Tab");
  await page.keyboard.type("A cat who only uses the keyboard");
  await page.keyboard.press("Tab"); // into the style radio group
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "Fantasy" })).toBeChecked();
  // Language and age are folded away: open the fold from the keyboard.
  await tabTo(page, page.locator("summary", { hasText: "Language and age" }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByLabel("Child's age"));
  await page.keyboard.press("ArrowRight");
  await expect(page.getByLabel("Child's age")).toHaveValue("7");

  await tabTo(page, page.getByRole("button", { name: "Create story" }));
  const focusRing = await page.getByRole("button", { name: "Create story" }).evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(focusRing).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "The Keyboard Kingdom" })).toBeFocused();
  await expect(page.getByText("Saved to your library.")).toBeVisible();

  await tabTo(page, page.getByRole("link", { name: "Open the story" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "The Keyboard Kingdom" })).toBeVisible();
  await expect(page.getByText("Fantasy")).toBeVisible();
});
