// Tables from resOS as a chef sees them at 390 x 844 on the demo that `npm start` serves:
// the demo syncs its hotel and its restaurant at once, so the dashboard and the chart show
// who has booked straight after signing in.
import { describe, expect, it } from "vitest";
import { phoneContext, signInAs, useSiteAndBrowser, SCREENSHOT_DIR } from "./browser";

const running = useSiteAndBrowser();

describe("tables at 390 x 844", () => {
  it("shows on the dashboard who has booked, and tonight's DBB rooms without a dinner table", async () => {
    const context = await phoneContext(running.browser);
    const page = await context.newPage();
    await signInAs(page, running.site, "manager");
    const tables = page.locator("#tables");
    await expect.poll(() => tables.locator("ul.arrival-tables li").count()).toBe(3);
    expect(await tables.textContent()).toMatch(/\d+ have booked/);
    expect(await tables.locator("h3").textContent()).toBe("Tonight");
    // Nothing pushes the page sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/dashboard-tables.png`, fullPage: true });

    await tables.getByRole("link", { name: "Dinner only" }).click();
    await page.waitForURL(/service=dinner/);
    expect(await page.locator("#tables [aria-current]").textContent()).toBe("Dinner only");
    await context.close();
  });

  it("draws each table inside its own stay's bar, the restaurant's numbers in the footer, and lists a stay's tables", async () => {
    const context = await phoneContext(running.browser);
    const page = await context.newPage();
    await signInAs(page, running.site, "manager");
    await page.goto(`${running.site.baseUrl}/k/demo/chart`);
    const badges = page.locator("a.bar b.tbl");
    expect(await badges.count()).toBeGreaterThan(5);
    expect(await page.locator("table.chart tfoot").textContent()).toContain("Expected dinner covers");
    expect(await page.locator(".chart-summary").textContent()).toMatch(/nights with a table \(\d+(\.\d)?%\)/);

    // Every badge is drawn inside the bar it belongs to.
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll("a.bar b.tbl, a.bar b.notable")].filter((badge) => {
        const bar = badge.closest("a.bar")!.getBoundingClientRect();
        const own = badge.getBoundingClientRect();
        return own.left < bar.left - 0.5 || own.right > bar.right + 0.5 || own.top < bar.top - 0.5 || own.bottom > bar.bottom + 0.5;
      }).length,
    );
    expect(outside).toBe(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chart-tables.png` });
    await page.locator("table.chart tfoot").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chart-tables-footer.png` });

    await page.locator("a.bar", { has: page.locator("b.tbl") }).first().click();
    await expect.poll(() => page.locator(".stay-detail .plan-tables li").count()).toBeGreaterThan(0);
    expect(await page.locator(".stay-detail .plan-tables").first().textContent()).toMatch(/covers .* linked by/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/stay-tables.png` });
    await context.close();
  });
});
