import type { APIRequestContext, Page } from "@playwright/test";
import { expect } from "./test";

export const PASSWORD = "correct horse battery";

let counter = 0;
export function uniqueEmail(label = "parent"): string {
  return `${label}-${Date.now().toString(36)}-${process.pid}-${counter++}@example.com`;
}

/** An account made through the API, so a test can start at the sign-in page. */
export async function registerAccount(request: APIRequestContext, email = uniqueEmail()): Promise<{ email: string; password: string }> {
  const res = await request.post("/api/v1/auth/register", { data: { email, password: PASSWORD, name: "Test Parent" } });
  expect(res.status()).toBe(201);
  return { email, password: PASSWORD };
}

export async function signIn(page: Page, { email, password }: { email: string; password: string }): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/new$/);
}

/** A fresh account, signed in in this page's browser context. */
export async function signedInParent(page: Page): Promise<{ email: string; password: string }> {
  const account = await registerAccount(page.request);
  await signIn(page, account);
  return account;
}
