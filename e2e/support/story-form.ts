import type { Page } from "@playwright/test";

export type StoryFields = { title: string; hero: string; idea: string; style?: string };

export async function fillStoryForm(page: Page, fields: StoryFields): Promise<void> {
  await page.getByLabel("Title").fill(fields.title);
  await page.getByLabel("Hero's name").fill(fields.hero);
  await page.getByLabel("Story idea").fill(fields.idea);
  if (fields.style) await page.getByRole("radio", { name: fields.style }).check();
}

export const storyText = (page: Page) => page.getByTestId("story-text");

/** Stories the signed-in user has, through the API with the page's session cookie. */
export async function savedStories(page: Page): Promise<Array<{ id: string; story_name: string }>> {
  const res = await page.request.get("/api/v1/stories/?limit=100");
  if (!res.ok()) throw new Error(`GET /api/v1/stories/ answered ${res.status()}`);
  const body: { stories: Array<{ id: string; story_name: string }> } = await res.json();
  return body.stories;
}
