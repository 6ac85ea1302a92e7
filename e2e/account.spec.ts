import { readFile } from "node:fs/promises";
import { request as playwrightRequest } from "@playwright/test";
import { expectAccessible } from "./support/accessibility";
import { signedInParent } from "./support/accounts";
import { expect, test } from "./support/test";

test("a parent downloads their data with the story in it, then deletes the account: the old session, token and key get 401", async ({ page, baseURL }) => {
  const account = await signedInParent(page);
  const generated = await page.request.post("/api/v1/stories/generate-stream/", {
    data: { story_name: "The Lantern Keeper", hero_name: "Mira", story_idea: "A girl who keeps the lighthouse lamp lit", story_style: "Adventure", language: "en", age: 7 },
  });
  const events = (await generated.text()).split("\n").filter((line) => line.startsWith("data: ")).map((line) => JSON.parse(line.slice(6)));
  const completed = events.find((event) => event.type === "completed");
  expect(completed).toBeDefined();
  const saved = await (await page.request.get(`/api/v1/stories/${completed.story_id}`)).json();
  const token = (await (await page.request.post("/api/v1/auth/token", { data: { email: account.email, password: account.password } })).json()).access_token;

  await page.getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  await expect(page.getByText(`You have 1 story`)).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download all my data" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^storystream-export-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await readFile((await download.path()) ?? "", "utf8"));
  expect(exported.account.email).toBe(account.email);
  expect(exported.stories).toHaveLength(1);
  expect(exported.stories[0]).toMatchObject({ id: completed.story_id, story_name: "The Lantern Keeper", content: saved.content });
  expect(saved.content.length).toBeGreaterThan(20);

  await page.getByLabel("New key name").fill("Bedtime app");
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^ssk_/);
  await expect(page.getByRole("list", { name: "API keys" })).toContainText("Bedtime app");
  const oldSession = await page.context().storageState();

  // The typed confirmation guards the button.
  await page.getByLabel("Type “delete my account”").fill("delete my acount");
  await page.getByLabel("Your password").fill(account.password);
  await page.getByRole("button", { name: "Delete my account and every story" }).click();
  await expect(page.getByText("Type “delete my account” to confirm")).toBeVisible();
  expect((await page.request.get("/api/v1/account")).status()).toBe(200);

  await page.getByLabel("Type “delete my account”").fill("delete my account");
  await page.getByRole("button", { name: "Delete my account and every story" }).click();
  await expect(page).toHaveURL(/\/\?account=deleted$/);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  const stale = await playwrightRequest.newContext({ baseURL, storageState: oldSession });
  try {
    expect((await stale.get("/api/v1/account")).status()).toBe(401);
    expect((await stale.get("/api/v1/stories/")).status()).toBe(401);
  } finally {
    await stale.dispose();
  }
  for (const credential of [token, key]) {
    expect((await page.request.get("/api/v1/stories/", { headers: { Authorization: `Bearer ${credential}` } })).status()).toBe(401);
  }
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount$/);
});

test("changing the password signs the parent out everywhere; the new password signs in", async ({ page }) => {
  const account = await signedInParent(page);
  await page.goto("/account");
  await page.getByLabel("Current password").fill(account.password);
  await page.getByLabel("New password", { exact: true }).fill("password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This password is one of the most common ones")).toBeVisible();

  await page.getByLabel("New password", { exact: true }).fill("a quiet new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount$/);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("a quiet new passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
});

test("the account and privacy pages pass axe in both themes", async ({ page }) => {
  await signedInParent(page);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    for (const path of ["/account", "/privacy"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page, `${path} (${colorScheme})`);
    }
  }
});
