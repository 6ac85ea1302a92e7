import path from "node:path";
import { ROOT } from "../test/support/app";
import { FLAGGED_MARKER, STORY_CHUNKS, STORY_UNITS, UNSAFE_MIDWAY_SAFE_TEXT } from "../test/support/fake-openai";
import { signedInParent } from "./support/accounts";
import { fillStoryForm, savedStories, storyText } from "./support/story-form";
import { expect, test } from "./support/test";

const SCREENSHOTS = path.join(ROOT, "e2e", "screenshots");
const runId = () => Math.random().toString(36).slice(2, 8);

/** Samples the story's visible text until `done` is visible; returns each distinct text seen, in order. */
async function observeText(page: import("@playwright/test").Page, done: import("@playwright/test").Locator): Promise<string[]> {
  const seen: string[] = [];
  while (!(await done.isVisible())) {
    const text = (await storyText(page).innerText().catch(() => null)) ?? "";
    if (text && text !== seen.at(-1)) seen.push(text);
    await page.waitForTimeout(25);
  }
  seen.push(await storyText(page).innerText());
  return seen;
}

const normalize = (text: string) => text.replace(/\s+/g, " ").trim();

test("checked sentences are revealed word by word, at a reading pace, and the whole story ends on screen", async ({ page }) => {
  await signedInParent(page);
  await fillStoryForm(page, { title: `Word by word ${runId()}`, hero: "Élodie", idea: "A fox finds a glowing map scenario:slow" });
  await page.getByRole("button", { name: "Create story" }).click();

  const observations = (await observeText(page, page.getByText("Saved to your library."))).map(normalize);
  const steps = observations.slice(1).map((text, i) => text.slice(observations[i]?.length ?? 0).trim());
  // The server sends 4 checked units; the page shows ~30 steps, nearly all of them one word.
  expect(observations.length).toBeGreaterThanOrEqual(15);
  const oneWordSteps = steps.filter((step) => step !== "" && !/\s/.test(step));
  expect(oneWordSteps.length).toBeGreaterThanOrEqual(Math.floor(steps.length * 0.7));
  for (let i = 1; i < observations.length; i++) expect(observations[i]?.startsWith(observations[i - 1] ?? "")).toBe(true);
  expect(observations.at(-1)).toBe(normalize(STORY_CHUNKS.join("")));
});

test("with prefers-reduced-motion, each checked sentence appears whole", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await signedInParent(page);
  await fillStoryForm(page, { title: `All at once ${runId()}`, hero: "Élodie", idea: "A fox finds a glowing map scenario:slow" });
  await page.getByRole("button", { name: "Create story" }).click();

  const observations = (await observeText(page, page.getByText("Saved to your library."))).map(normalize);
  const unitEnds = STORY_UNITS.map((_, i) => normalize(STORY_UNITS.slice(0, i + 1).join("")));
  for (const text of observations) expect(unitEnds).toContain(text);
  expect(observations.length).toBeGreaterThanOrEqual(2);
});

test("a story the safety check stops shows a friendly message and never the flagged sentence; nothing is saved", async ({ page }) => {
  // Records anything the page ever renders, however briefly.
  await page.addInitScript((marker) => {
    const record = () => {
      if (document.body?.textContent?.includes(marker)) Reflect.set(window, "__sawFlagged", true);
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true });
  }, FLAGGED_MARKER);
  await signedInParent(page);
  const bodies: Promise<string>[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/generate-stream")) bodies.push(response.text());
  });
  await fillStoryForm(page, { title: `The owl ${runId()}`, hero: "Hoot", idea: "An owl learns to fly scenario:unsafe-midway" });
  await page.getByRole("button", { name: "Create story" }).click();

  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("We stopped this story because it was heading somewhere that isn't right for children");
  await expect(alert).toContainText("Nothing was saved");
  await expect(storyText(page)).toHaveText(normalize(UNSAFE_MIDWAY_SAFE_TEXT));
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "safety-gate-stopped-story.png"), fullPage: true });

  expect(await page.evaluate(() => Reflect.get(window, "__sawFlagged") ?? false)).toBe(false);
  const [body = ""] = await Promise.all(bodies);
  expect(body).toContain('"reason":"unsafe"');
  expect(body).not.toContain(FLAGGED_MARKER);
  expect(body).not.toContain("Then something");
  expect(await savedStories(page)).toEqual([]);
});
