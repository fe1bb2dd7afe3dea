// The residents chart as a person uses it at 390 x 844, with JavaScript and without:
// sign in, open the chart, page through nights, open a stay, turn guest names on.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { phoneContext, useSiteAndBrowser, SCREENSHOT_DIR } from "./browser";

const running = useSiteAndBrowser();

async function signInAs(page: Page, role: string): Promise<void> {
  const login = running.site.logins.find((l) => l.role === role)!;
  await page.goto(`${running.site.baseUrl}/login`);
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${running.site.baseUrl}/k/demo`);
}

/** Marks the current document; a full page load loses the mark, an htmx swap keeps it. */
async function markDocument(page: Page): Promise<number> {
  return page.evaluate(() => ((window as unknown as { documentMark: number }).documentMark = Math.random()));
}

async function sameDocument(page: Page, mark: number): Promise<boolean> {
  return (await page.evaluate(() => (window as unknown as { documentMark?: number }).documentMark)) === mark;
}

const firstDay = (page: Page) => page.locator("table.chart thead th.day").first().textContent();

describe.each([true, false])("the chart at 390 x 844, JavaScript %s", (javaScript) => {
  const suffix = javaScript ? "js" : "nojs";

  it("opens from the nav, pages through nights, and opens a stay", async () => {
    const context = await phoneContext(running.browser, javaScript);
    const page = await context.newPage();
    await signInAs(page, "manager");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/dashboard-${suffix}.png`, fullPage: true });

    await page.getByRole("navigation").getByRole("link", { name: "Chart" }).click();
    await page.waitForURL(/\/k\/demo\/chart$/);
    expect(await page.locator("table.chart tbody tr").count()).toBeGreaterThan(30);
    expect(await page.locator("a.bar").count()).toBeGreaterThan(10);
    expect(await page.locator("a.bar").first().textContent()).toContain("Guest");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chart-${suffix}.png` });

    const mark = await markDocument(page);
    const before = await firstDay(page);
    await page.getByRole("link", { name: "Next 7 nights" }).click();
    await expect.poll(() => firstDay(page)).not.toBe(before);
    await expect.poll(() => page.url()).toMatch(/start=\d{4}-\d\d-\d\d&nights=7/);
    expect(await sameDocument(page, mark)).toBe(javaScript);

    await page.getByRole("link", { name: "Previous 7 nights" }).click();
    await expect.poll(() => firstDay(page)).toBe(before);
    expect(await sameDocument(page, mark)).toBe(javaScript);

    await page.locator("a.bar").first().click();
    await expect.poll(() => page.locator(".stay-detail").count()).toBe(1);
    expect(await page.locator(".stay-detail").textContent()).toContain("Meal plan, night by night");
    expect(await sameDocument(page, mark)).toBe(javaScript);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/stay-${suffix}.png`, fullPage: !javaScript });
    await context.close();
  });

  it("shows guest names once an admin turns them on", async () => {
    const context = await phoneContext(running.browser, javaScript);
    const page = await context.newPage();
    await signInAs(page, "admin");
    await page.goto(`${running.site.baseUrl}/k/demo/settings#privacy-section`);
    const box = page.getByLabel("Show guest names on the chart");
    await box.check();
    await page.locator("#privacy-section").getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator("#privacy-section [role=status]").textContent()).toContain("Saved.");

    await page.goto(`${running.site.baseUrl}/k/demo/chart`);
    const labels = await page.locator("a.bar > b").allTextContents();
    expect(labels.filter((label) => label !== "Guest").length).toBeGreaterThan(5);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chart-names-${suffix}.png` });

    // Back to hidden for the next run.
    await page.goto(`${running.site.baseUrl}/k/demo/settings#privacy-section`);
    await page.getByLabel("Show guest names on the chart").uncheck();
    await page.locator("#privacy-section").getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator("#privacy-section [role=status]").textContent()).toContain("Saved.");
    await context.close();
  });
});

describe("the live chart", () => {
  it("redraws itself in place, keeping the scroll, once the kitchen has synced", async () => {
    const context = await phoneContext(running.browser, true);
    await context.clock.install(); // the 30 s poll runs on a clock the test moves
    const page = await context.newPage();
    await signInAs(page, "admin");
    await page.goto(`${running.site.baseUrl}/k/demo/chart?nights=14`);
    const mark = await markDocument(page);
    const scroller = page.locator(".chart-scroll");
    await scroller.evaluate((element) => element.scrollTo(180, 120));
    const before = await page.locator("#chart").getAttribute("data-last-sync");

    // Nothing has changed yet: a poll leaves the chart alone.
    await context.clock.runFor(31_000);
    expect(await page.locator("#chart").getAttribute("data-last-sync")).toBe(before);

    // A sync elsewhere (another device, the schedule) ...
    const synced = await page.request.post(`${running.site.baseUrl}/k/demo/settings/sync`, { headers: { origin: running.site.baseUrl }, maxRedirects: 0 });
    expect(synced.status()).toBe(303);
    // ... is picked up at the next poll and drawn in the same document, same scroll.
    await expect
      .poll(async () => {
        await context.clock.runFor(31_000);
        return page.locator("#chart").getAttribute("data-last-sync");
      })
      .not.toBe(before);
    expect(await sameDocument(page, mark)).toBe(true);
    await expect.poll(() => scroller.evaluate((element) => [element.scrollLeft, element.scrollTop])).toEqual([180, 120]);
    await context.close();
  });
});

describe("the sync schedule at 390 x 844", () => {
  it("saves a new interval, moving the next due time, and Sync now turns the status to success", async () => {
    const context = await phoneContext(running.browser, true);
    const page = await context.newPage();
    await signInAs(page, "admin");
    await page.goto(`${running.site.baseUrl}/k/demo/settings#schedule-section`);
    const section = page.locator("#schedule-section");
    const nextDue = () => section.locator(".next-due").textContent();
    const before = await nextDue();

    await section.getByLabel("Every").selectOption("60");
    await section.getByRole("button", { name: "Save schedule" }).click();
    await expect.poll(() => section.locator("[role=status]").textContent()).toContain("Saved.");
    await expect.poll(nextDue).not.toBe(before);
    expect(await section.getByLabel("Every").inputValue()).toBe("60");
    await section.screenshot({ path: `${SCREENSHOT_DIR}/schedule-js.png` });

    await page.getByRole("button", { name: "Sync now" }).click();
    await expect.poll(() => page.locator("#sync-section [role=status]").textContent()).toContain("Sync finished.");
    expect(await page.locator("#sync-section tbody tr").first().locator(".badge").textContent()).toBe("success");

    // Back to the usual interval for whoever runs next.
    await section.getByLabel("Every").selectOption("15");
    await section.getByRole("button", { name: "Save schedule" }).click();
    await expect.poll(() => section.locator("[role=status]").textContent()).toContain("Saved.");
    await context.close();
  });
});
