import { signedInParent } from "./support/accounts";
import { fillStoryForm } from "./support/story-form";
import { expect, test } from "./support/test";

test("another family's story URL is a 404 page, and so is a malformed id", async ({ browser, baseURL }) => {
  const owner = await browser.newContext({ baseURL });
  const ownerPage = await owner.newPage();
  await signedInParent(ownerPage);
  await fillStoryForm(ownerPage, { title: "Our secret story", hero: "Kit", idea: "A private adventure" });
  await ownerPage.getByRole("button", { name: "Create story" }).click();
  await ownerPage.getByRole("link", { name: "Open the story" }).click();
  await expect(ownerPage.getByRole("heading", { level: 1, name: "Our secret story" })).toBeVisible();
  const storyUrl = new URL(ownerPage.url()).pathname;
  await owner.close();

  const stranger = await browser.newContext({ baseURL });
  const page = await stranger.newPage();
  await signedInParent(page);
  const response = await page.goto(storyUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("404: story not found");
  await expect(page.getByText("Our secret story")).toHaveCount(0);

  const malformed = await page.goto("/stories/not-a-uuid");
  expect(malformed?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("404: story not found");
  await stranger.close();
});

test("signed-out visitors are sent to sign in before they can open the story form", async ({ page }) => {
  await page.goto("/new");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fnew$/);
});
