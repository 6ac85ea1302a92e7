import { test as base, expect } from "@playwright/test";

/** Playwright's test, pointed at the app that global-setup.ts started. */
export const test = base.extend({
  baseURL: async ({}, provide) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("E2E_BASE_URL is not set: run through playwright.config.ts");
    await provide(url);
  },
});

export { expect };
