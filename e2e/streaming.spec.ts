import { STORY_CHUNKS } from "../test/support/fake-openai";
import { signedInParent } from "./support/accounts";
import { fillStoryForm, savedStories, storyText } from "./support/story-form";
import { expect, test } from "./support/test";

const GENERATE = "/api/v1/stories/generate-stream/";
const runId = () => Math.random().toString(36).slice(2, 8);
const paragraphsOf = (text: string) => text.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);

test("a story streams in word by word, is saved, and the library and reader show exactly what was shown", async ({ page }) => {
  await signedInParent(page);
  const title = `The Lake of Stars ${runId()}`;
  await fillStoryForm(page, { title, hero: "Élodie", idea: "A fox finds a glowing map scenario:slow", style: "Fairy tale" });
  await page.getByRole("button", { name: "Create story" }).click();

  // Sample the visible text until the story is saved: it must grow in several distinct steps.
  const saved = page.getByText("Saved to your library.");
  const observations: string[] = [];
  while (!(await saved.isVisible())) {
    const text = (await storyText(page).textContent().catch(() => null)) ?? "";
    if (text && text !== observations.at(-1)) observations.push(text);
    await page.waitForTimeout(40);
  }
  expect(observations.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < observations.length; i++) {
    expect(observations[i]?.length ?? 0).toBeGreaterThan(observations[i - 1]?.length ?? 0);
  }

  const shown = await storyText(page).locator("p").allInnerTexts();
  expect(shown).toEqual(paragraphsOf(STORY_CHUNKS.join("")));
  await expect(page.getByTestId("live-region")).toContainText("Your story is saved");

  await page.getByRole("link", { name: "Library", exact: true }).click();
  const entry = page.getByRole("listitem").filter({ hasText: title });
  await expect(entry).toContainText("Élodie");
  await expect(entry).toContainText("Fairy tale");
  await entry.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  expect(await storyText(page).locator("p").allInnerTexts()).toEqual(shown);
});

test("Stop mid-stream keeps the partial text on screen and saves nothing", async ({ page }) => {
  await signedInParent(page);
  await fillStoryForm(page, { title: `Never finished ${runId()}`, hero: "Max", idea: "A long walk scenario:long" });
  await page.getByRole("button", { name: "Create story" }).click();
  await expect(storyText(page)).toContainText("word3");
  await page.getByRole("button", { name: "Stop" }).click();

  await expect(page.getByText("You stopped the story. Nothing was saved")).toBeVisible();
  const partial = (await storyText(page).textContent()) ?? "";
  expect(partial).toContain("word3");
  expect(partial).not.toContain("word59");
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  // The long scenario would have finished 6 s after it started: wait past that, then ask the API.
  await page.waitForTimeout(2000);
  expect(await savedStories(page)).toEqual([]);
  expect((await storyText(page).textContent()) ?? "").toBe(partial);
});

test("an upstream failure shows a friendly error, and Try again resends the request and succeeds", async ({ page }) => {
  await signedInParent(page);
  const bodies: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith(GENERATE)) bodies.push(request.postData() ?? "");
  });
  const title = `Second time lucky ${runId()}`;
  await fillStoryForm(page, { title, hero: "Noor", idea: `A kite that will not fly ${runId()} scenario:fail-once` });
  await page.getByRole("button", { name: "Create story" }).click();

  await expect(page.getByRole("main").getByRole("alert")).toContainText("The storyteller stumbled");
  expect(await savedStories(page)).toEqual([]);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByText("Saved to your library.")).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  expect(bodies).toHaveLength(2);
  expect(bodies[1]).toBe(bodies[0]);
  expect((await savedStories(page)).map((story) => story.story_name)).toEqual([title]);
});

test("invalid input shows each field's message, sends nothing, and survives a reload", async ({ page }) => {
  await signedInParent(page);
  const sent: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/generate-stream")) sent.push(request.url());
  });
  await page.getByLabel("Hero's name").fill("Pip");
  await page.getByLabel("Story idea").fill("x".repeat(1001));
  await page.getByText("Language and age").click(); // folded away: rarely changed
  await page.getByLabel("Language").selectOption("other");
  await page.getByLabel("Language tag").fill("not a language");
  await page.getByRole("button", { name: "Create story" }).click();

  const title = page.getByLabel("Title");
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(title).toBeFocused();
  await expect(page.locator("#story_name-error")).toHaveText(/Title must not be empty/);
  await expect(title).toHaveAttribute("aria-describedby", "story_name-error");
  await expect(page.locator("#story_idea-error")).toHaveText(/at most 1000 characters/);
  await expect(page.locator("#language_other-error")).toHaveText(/BCP 47/);
  await expect(page.getByLabel("Hero's name")).not.toHaveAttribute("aria-invalid", "true");
  expect(sent).toHaveLength(0);

  await page.reload();
  await expect(page.getByLabel("Hero's name")).toHaveValue("Pip");
  await expect(page.getByLabel("Language tag")).toHaveValue("not a language");
  expect(sent).toHaveLength(0);
});

test("a saved story can be copied and deleted after a confirmation", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signedInParent(page);
  const title = `To be deleted ${runId()}`;
  await fillStoryForm(page, { title, hero: "Ada", idea: "A short tale" });
  await page.getByRole("button", { name: "Create story" }).click();
  await page.getByRole("link", { name: "Open the story" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await page.getByRole("button", { name: "Copy story" }).click();
  await expect(page.getByText("Copied to the clipboard.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${title}\n\n${STORY_CHUNKS.join("")}`);

  await page.getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete “${title}”?` });
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  expect(await savedStories(page)).toHaveLength(1);
  await page.getByRole("button", { name: "Delete…" }).click();
  await dialog.getByRole("button", { name: "Delete story" }).click();
  await expect(page).toHaveURL(/\/library$/);
  expect(await savedStories(page)).toEqual([]);
});
