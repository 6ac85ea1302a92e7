import { PASSWORD, registerAccount, signIn, uniqueEmail } from "./support/accounts";
import { expect, test } from "./support/test";

test("a visitor sees the welcome page and can sign up, landing on the story form", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bedtime stories");
  await page.getByRole("link", { name: "Create a free account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);

  await page.getByLabel("Your name (optional)").fill("Sam");
  await page.getByLabel("Email").fill(uniqueEmail("signup"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/new$/);
  await expect(page.getByRole("heading", { name: "Write a new story" })).toBeVisible();
});

test("signing up with a taken email says so next to the email field", async ({ page }) => {
  const { email } = await registerAccount(page.request);
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByRole("main").getByRole("alert")).toContainText("An account with this email already exists");
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("sign-up checks the password length in the browser before sending anything", async ({ page }) => {
  const registrations: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/v1/auth/register")) registrations.push(request.url());
  });
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(uniqueEmail());
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();
  expect(registrations).toHaveLength(0);
});

test("sign-in with the right password opens the story form, and sign-out returns to the welcome page", async ({ page }) => {
  const account = await registerAccount(page.request);
  await signIn(page, account);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await page.goto("/library");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Flibrary$/);
});

test("sign-in with a wrong password shows a clear message and stays on the page", async ({ page }) => {
  const { email } = await registerAccount(page.request);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password. Please try again.");
  await expect(page).toHaveURL(/\/sign-in$/);
});
