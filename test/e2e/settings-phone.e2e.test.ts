// Settings and History as an admin uses them on a phone, 390 x 844: the result of each
// action appears beside the button pressed and takes the focus, so it is seen without
// scrolling; the runs are cards whose errors need no sideways swipes.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { phoneContext, signInAs, useSiteAndBrowser, SCREENSHOT_DIR, PHONE } from "./browser";

const running = useSiteAndBrowser();

/** The focused element is an action's result, and it is on screen. */
async function focusedResult(page: Page): Promise<{ text: string; onScreen: boolean }> {
  return page.evaluate(({ height }) => {
    const active = document.activeElement;
    if (!active || !active.hasAttribute("data-result")) return { text: "", onScreen: false };
    const box = active.getBoundingClientRect();
    return { text: active.textContent ?? "", onScreen: box.top >= 0 && box.bottom <= height };
  }, PHONE);
}

describe("Settings at 390 x 844", () => {
  it("puts each action's result beside its button, focused and on screen", async () => {
    const context = await phoneContext(running.browser, true);
    const page = await context.newPage();
    await signInAs(page, running.site, "admin");
    await page.goto(`${running.site.baseUrl}/k/demo/settings`);

    // Test connection, at the bottom of the Newbook form.
    const newbook = page.locator("#newbook-section");
    await newbook.getByRole("button", { name: "Test connection" }).click();
    await expect.poll(async () => (await focusedResult(page)).text).toMatch(/Newbook/);
    expect((await focusedResult(page)).onScreen).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-test-connection.png` });

    // A range that ends before it starts: refused beside "Sync this range".
    const sync = page.locator("#sync-section");
    await sync.getByLabel("From").fill("2026-12-10");
    await sync.getByLabel("To").fill("2026-12-01");
    await sync.getByRole("button", { name: "Sync this range" }).click();
    await expect.poll(async () => (await focusedResult(page)).text).toBe("Not started: see the dates marked above.");
    expect((await focusedResult(page)).onScreen).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-range-error.png` });

    // Sync now: followed to its end, which is said beside the button.
    await page.locator("#sync-section").getByRole("button", { name: "Sync now" }).click();
    await expect.poll(async () => (await focusedResult(page)).text, { timeout: 20_000, interval: 250 }).toMatch(/^The sync has finished: \d+ rows written/);
    expect((await focusedResult(page)).onScreen).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-sync-finished.png` });
    await context.close();
  });
});

describe("History at 390 x 844", () => {
  it("shows each run as a card, errors in full, nothing wider than the phone", async () => {
    const context = await phoneContext(running.browser, true);
    const page = await context.newPage();
    await signInAs(page, running.site, "manager");
    await page.goto(`${running.site.baseUrl}/k/demo/history`);
    expect(await page.locator("table.run-table tbody tr").count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const card = await page.locator("table.run-table tbody tr").first().boundingBox();
    expect(card!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator("svg.history-chart text", { hasText: "Today" }).count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/history.png`, fullPage: true });
    await context.close();
  });
});

describe("Personal data at 390 x 844", () => {
  it("lists who was shown names as cards within the phone, and a saved retention says so where it was saved", async () => {
    const context = await phoneContext(running.browser, true);
    const page = await context.newPage();
    await signInAs(page, running.site, "admin");
    // Names on, then two views that show them: the log's first entries.
    await page.goto(`${running.site.baseUrl}/k/demo/settings#privacy-section`);
    const privacy = page.locator("#privacy-section");
    await privacy.getByLabel("Show guest names on the chart").check();
    await privacy.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await focusedResult(page)).text).toBe("Saved.");
    await page.goto(`${running.site.baseUrl}/k/demo/chart`);
    await page.goto(`${running.site.baseUrl}/k/demo/tonight`);

    await page.goto(`${running.site.baseUrl}/k/demo/settings`);
    await page.getByRole("link", { name: /^Personal data:/ }).click();
    await page.waitForURL(/\/settings\/personal-data$/);
    const rows = page.locator("table.access-log tbody tr");
    expect(await rows.count()).toBe(2);
    await expect.poll(() => rows.first().locator('td[data-label="Where"]').textContent()).toBe("Tonight");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const card = await rows.first().boundingBox();
    expect(card!.x).toBeGreaterThanOrEqual(0);
    expect(card!.x + card!.width).toBeLessThanOrEqual(PHONE.width);

    const retention = page.locator("#retention-section");
    await retention.getByLabel(/Keep personal data for/).fill("30");
    await retention.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await focusedResult(page)).text).toMatch(/^Saved\./);
    expect((await focusedResult(page)).onScreen).toBe(true);
    expect(await retention.textContent()).toContain("more than 30 days ago");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/personal-data.png`, fullPage: true });

    // Names off again: the other tests of this file see the demo as it was.
    await page.goto(`${running.site.baseUrl}/k/demo/settings#privacy-section`);
    await page.locator("#privacy-section").getByLabel("Show guest names on the chart").uncheck();
    await page.locator("#privacy-section").getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await focusedResult(page)).text).toBe("Saved.");
    await context.close();
  });
});
