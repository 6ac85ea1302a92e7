import { signedInParent } from "./support/accounts";
import { fillStoryForm } from "./support/story-form";
import { expect, test } from "./support/test";

// Budgets with headroom over what was measured (184 KiB, median 141 ms on a loaded 2-core machine):
// a regression past them fails the suite; the METRIC lines give the figures each run.
const FIRST_LOAD_JS_BUDGET_KIB = 250;
const FIRST_WORD_BUDGET_MS = 1500;

test(`the story page loads under ${FIRST_LOAD_JS_BUDGET_KIB} KiB of compressed JavaScript and shows the first word within ${FIRST_WORD_BUDGET_MS} ms of Create story`, async ({ page }) => {
  await signedInParent(page);
  await page.goto("/new");
  await page.waitForLoadState("networkidle");
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((entry): entry is PerformanceResourceTiming => entry instanceof PerformanceResourceTiming && /\.js(\?|$)/.test(entry.name))
      .map((entry) => ({ transfer: entry.transferSize, encoded: entry.encodedBodySize, decoded: entry.decodedBodySize })),
  );
  const sum = (key: "transfer" | "encoded" | "decoded") => scripts.reduce((total, entry) => total + entry[key], 0);
  console.log(
    `METRIC story page first-load JS: ${scripts.length} files, ${(sum("encoded") / 1024).toFixed(1)} KiB compressed over the wire, ` +
      `${(sum("decoded") / 1024).toFixed(1)} KiB uncompressed`,
  );
  expect(scripts.length).toBeGreaterThan(0);
  expect(sum("encoded") / 1024).toBeLessThan(FIRST_LOAD_JS_BUDGET_KIB);

  const timings: number[] = [];
  for (let run = 0; run < 3; run++) {
    await fillStoryForm(page, { title: `Timing run ${run}`, hero: "Speedy", idea: `How fast can a story start ${run}` });
    const firstWord = page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let clickedAt = 0;
          const button = [...document.querySelectorAll("button")].find((candidate) => candidate.textContent?.includes("Create story"));
          button?.addEventListener("click", () => (clickedAt = performance.now()), { capture: true, once: true });
          const observer = new MutationObserver(() => {
            const text = document.querySelector('[data-testid="story-text"]')?.textContent ?? "";
            if (!clickedAt || !/\S/.test(text)) return;
            observer.disconnect();
            // The next frame is when the word is painted.
            requestAnimationFrame(() => resolve(performance.now() - clickedAt));
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        }),
    );
    await page.getByRole("button", { name: "Create story" }).click();
    timings.push(await firstWord);
    await expect(page.getByText("Saved to your library.")).toBeVisible();
  }
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(`METRIC click "Create story" -> first visible word (ms, 3 runs): ${timings.map((ms) => ms.toFixed(0)).join(", ")}; median ${sorted[1]?.toFixed(0)}`);
  expect(sorted[1]).toBeLessThan(FIRST_WORD_BUDGET_MS);
});
