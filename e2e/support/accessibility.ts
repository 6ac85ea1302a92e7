import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect } from "./test";

async function blockingViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

/**
 * Axe on the page as it is now: no serious or critical violations allowed. A page caught while it
 * was still settling (one CI run saw the 404 page's heading mid-render) is checked once more after
 * a moment; a violation that is still there fails.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  let blocking = await blockingViolations(page);
  if (blocking.length > 0) {
    await page.waitForTimeout(1000);
    blocking = await blockingViolations(page);
  }
  expect(blocking, `axe violations on ${name}`).toEqual([]);
}
