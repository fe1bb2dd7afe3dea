// Tonight as a chef uses it at 390 x 844 on the demo that `npm start` serves: the night's
// numbers and the rooms to chase at the top, filters that work with and without
// JavaScript, and the sheet printed for the pass on one A4 page.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { phoneContext, signInAs, useSiteAndBrowser, SCREENSHOT_DIR } from "./browser";

const running = useSiteAndBrowser();

/** Pages of a PDF as Chromium writes it: one `/Type /Page` object each. */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describe("Tonight at 390 x 844", () => {
  for (const javaScript of [true, false]) {
    it(`lists the night's rooms and filters them ${javaScript ? "with" : "without"} JavaScript`, async () => {
      const context = await phoneContext(running.browser, javaScript);
      const page = await context.newPage();
      await signInAs(page, running.site, "manager");
      await page.getByRole("link", { name: "Tonight", exact: true }).first().click();
      await page.waitForURL(/\/k\/demo\/tonight/);
      const rows = page.locator("table.sheet tbody tr");
      const all = await rows.count();
      expect(all).toBeGreaterThan(10);
      expect(await page.locator(".sheet-figures").textContent()).toMatch(/dinner covers expected/);
      // Nothing pushes the page sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      if (javaScript) await page.screenshot({ path: `${SCREENSHOT_DIR}/tonight.png`, fullPage: true });

      await page.locator(".sheet-filters").getByRole("link", { name: /^No table yet/ }).click();
      await page.waitForURL(/filter=no-table/);
      const untabled = await page.locator("table.sheet tbody tr").count();
      expect(untabled).toBeGreaterThan(0);
      expect(untabled).toBeLessThan(all);
      expect(await page.locator("table.sheet tbody tr:not(.untabled)").count()).toBe(0);
      expect(await page.locator(".sheet-filters [aria-current=page]").textContent()).toMatch(/^No table yet/);
      if (javaScript) await page.screenshot({ path: `${SCREENSHOT_DIR}/tonight-no-table.png`, fullPage: true });

      await page.locator(".sheet-filters").getByRole("link", { name: /^DBB \(/ }).click();
      await page.waitForURL(/filter=dbb/);
      expect(await page.locator("table.sheet tbody tr").count()).toBeGreaterThanOrEqual(untabled);
      expect(await page.locator("table.sheet tbody tr b.dbb").count()).toBe(await page.locator("table.sheet tbody tr").count());
      await context.close();
    });
  }

  it("prints the demo's night on one A4 page, black on white, with the kitchen, the date and the last sync", async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await signInAs(page, running.site, "manager");
    await page.goto(`${running.site.baseUrl}/k/demo/tonight`);
    const rooms = await page.locator("table.sheet tbody tr").count();
    expect(rooms).toBeGreaterThan(10);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".sheet-print-head").textContent()).toMatch(/^Demo .+ · \w+day \d+ \w+ · synced /);
    expect(await page.locator("header.top").isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    writeFileSync(`${SCREENSHOT_DIR}/tonight.pdf`, pdf);
    expect(pdfPages(pdf)).toBe(1);
    await context.close();
  });
});
