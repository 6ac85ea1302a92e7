import path from "node:path";
import type { Page } from "@playwright/test";
import { ROOT } from "../test/support/app";
import { expectAccessible } from "./support/accessibility";
import { signedInParent } from "./support/accounts";
import { fillStoryForm } from "./support/story-form";
import { expect, test } from "./support/test";

const SCREENSHOTS = path.join(ROOT, "e2e", "screenshots");
const runId = () => Math.random().toString(36).slice(2, 8);

async function saveCharacter(page: Page, fields: { name: string; kind: string; pronouns: string; traits: string; looks: string; loves: string }) {
  await page.getByLabel("Name", { exact: true }).fill(fields.name);
  await page.getByLabel("What they are", { exact: true }).fill(fields.kind);
  await page.getByLabel("Pronouns", { exact: true }).fill(fields.pronouns);
  await page.getByLabel("Traits", { exact: true }).fill(fields.traits);
  await page.getByLabel("How they look (optional)", { exact: true }).fill(fields.looks);
  await page.getByLabel("Favourite things (optional)", { exact: true }).fill(fields.loves);
  await page.getByRole("button", { name: "Save character" }).click();
  await expect(page.getByTestId("character-card").filter({ hasText: fields.name })).toBeVisible();
}

async function openSavedStory(page: Page, title: string): Promise<void> {
  // The page reveals checked sentences at a calm reading pace.
  await expect(page.getByText("Saved to your library.")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("link", { name: "Open the story" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

test("a family saves a character, writes a story with it, continues it twice and reads the series in order", async ({ page }) => {
  await signedInParent(page);
  const run = runId();
  const pip = `Pip ${run}`;

  await page.getByRole("link", { name: "Characters", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your characters" })).toBeVisible();
  await saveCharacter(page, { name: pip, kind: "a small green dragon", pronouns: "he/him", traits: "curious, kind", looks: "tiny wings and a red scarf", loves: "apples, puddles" });
  await saveCharacter(page, { name: "Nova", kind: "a robot who paints", pronouns: "she/her", traits: "patient, funny", looks: "silver with blue dots", loves: "sunsets" });
  await expect(page.getByTestId("character-card").filter({ hasText: pip })).toContainText("curious");
  await expectAccessible(page, "characters");
  await page.screenshot({ path: path.join(SCREENSHOTS, "characters-light-desktop.png"), fullPage: true });

  // Chapter 1, with Pip.
  const title = `Pip and the Humming Lantern ${run}`;
  await page.getByRole("link", { name: "New story" }).first().click();
  await fillStoryForm(page, { title, hero: "Mia", idea: "A lantern that hums a tune", style: "Adventure" });
  await page.getByRole("checkbox", { name: new RegExp(pip) }).check();
  await expectAccessible(page, "story form with characters");
  await page.getByRole("button", { name: "Create story" }).click();
  await openSavedStory(page, title);
  await expect(page.getByText(`${pip} (a small green dragon)`)).toBeVisible();

  // Chapters 2 and 3, each from "What happens next?", pre-filled with the series and its cast.
  for (const chapter of [2, 3]) {
    await page.getByRole("link", { name: "What happens next?" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Chapter ${chapter} of “${title}”` })).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue(`${title}: chapter ${chapter}`);
    await expect(page.getByLabel("Hero's name")).toHaveValue("Mia");
    await expect(page.getByRole("checkbox", { name: new RegExp(pip) })).toBeChecked();
    await expect(page.getByRole("radio", { name: "Adventure" })).toBeChecked();
    await page.getByLabel("What happens next?").fill(`They follow the tune, part ${chapter}`);
    await page.getByRole("button", { name: "Write the next chapter" }).click();
    await openSavedStory(page, `${title}: chapter ${chapter}`);
    await expect(page.getByText(`Chapter ${chapter} of ${chapter}`)).toBeVisible();
  }

  // The library shows the series once, with its chapters in order.
  await page.getByRole("link", { name: "Library", exact: true }).click();
  const series = page.getByTestId("library-series").filter({ hasText: title });
  await expect(series).toHaveCount(1);
  await expect(series).toContainText("3 chapters");
  const chapters = series.getByRole("list", { name: `Chapters of ${title}` }).getByRole("link");
  await expect(chapters).toHaveText([title, `${title}: chapter 2`, `${title}: chapter 3`]);
  await expect(page.getByRole("link", { name: `${title}: chapter 2` })).toHaveCount(1);
  await expectAccessible(page, "library with a series");
  await page.screenshot({ path: path.join(SCREENSHOTS, "library-series-light-desktop.png"), fullPage: true });

  // The reader moves from chapter to chapter, in order.
  await chapters.first().click();
  await expect(page.getByText("Chapter 1 of 3")).toBeVisible();
  await page.getByRole("navigation", { name: "Chapters" }).getByRole("link", { name: /Chapter 2:/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${title}: chapter 2` })).toBeVisible();
  await page.getByRole("navigation", { name: "Chapters" }).getByRole("link", { name: /Chapter 3:/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${title}: chapter 3` })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Chapters" }).getByRole("link", { name: /Chapter 2:/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "What happens next?" })).toBeVisible();
});

test("the story form is short: style chips in a grid, language and age folded away but reachable by keyboard", async ({ page }) => {
  await signedInParent(page);
  await page.setViewportSize({ width: 360, height: 780 });
  const formHeight = await page.locator("form").evaluate((form) => form.getBoundingClientRect().height);
  // The form with nine tall style cards measured 1673 px here; this one was 920 px.
  console.log(`story form height at 360 px: ${Math.round(formHeight)} px (phone screen 780 px)`);
  expect(formHeight).toBeLessThan(1200);
  await expect(page.getByLabel("Child's age")).toBeHidden();
  await page.getByText("Language and age").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Child's age")).toBeVisible();
  await page.getByLabel("Child's age").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByText("7 years old")).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "story-form-light-phone.png"), fullPage: true });
});

test("a character is deleted only after its confirmation", async ({ page }) => {
  await signedInParent(page);
  await page.goto("/characters");
  const name = `Tilly ${runId()}`;
  await saveCharacter(page, { name, kind: "a tortoise", pronouns: "she/her", traits: "patient", looks: "", loves: "" });
  const card = page.getByTestId("character-card").filter({ hasText: name });

  await card.getByRole("button", { name: `Delete ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
  await dialog.getByRole("button", { name: `Keep ${name}` }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toBeVisible();

  await card.getByRole("button", { name: `Delete ${name}` }).click();
  await dialog.getByRole("button", { name: "Delete character" }).click();
  await expect(card).toBeHidden();
  await page.reload();
  await expect(page.getByTestId("character-card").filter({ hasText: name })).toHaveCount(0);
});
