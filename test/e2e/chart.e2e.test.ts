// The residents chart as a person uses it at 390 x 844, with JavaScript and without:
// sign in, open the chart, page through nights, open a stay, turn guest names on.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { phoneContext, signInAs, useSiteAndBrowser, SCREENSHOT_DIR } from "./browser";

const running = useSiteAndBrowser();

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
    await signInAs(page, running.site, "manager");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/dashboard-${suffix}.png`, fullPage: true });

    await page.getByRole("navigation").getByRole("link", { name: "Chart" }).click();
    await page.waitForURL(/\/k\/demo\/chart$/);
    expect(await page.locator("table.chart tbody tr").count()).toBeGreaterThan(30);
    expect(await page.locator("a.bar").count()).toBeGreaterThan(10);
    expect(await page.locator("a.bar").first().textContent()).toContain("Guest");
    // A manager's first room is in sight at once: the header, controls and dates take at most 300 px.
    expect((await page.locator("table.chart tbody tr").first().boundingBox())!.y).toBeLessThanOrEqual(300);
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
    const firstStay = await page.locator(".stay-detail h2").textContent();
    expect(await sameDocument(page, mark)).toBe(javaScript);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/stay-${suffix}.png`, fullPage: !javaScript });
    if (javaScript) {
      // The phone's Back closes the panel and stays on the chart, however many stays it showed.
      const chartUrl = page.url();
      // Another stay, tapped while the panel covers most of the screen.
      await page.locator("a.bar").nth(3).dispatchEvent("click");
      await expect.poll(() => page.locator(".stay-detail h2").textContent()).not.toBe(firstStay);
      await expect.poll(() => page.locator(".stay-detail").count()).toBe(1);
      await page.goBack();
      await expect.poll(() => page.locator(".stay-detail").count()).toBe(0);
      expect(page.url()).toBe(chartUrl);
      expect(await page.locator("a.bar").count()).toBeGreaterThan(10);
      // Close takes the panel's step out of the history: Back then leaves the chart.
      await page.locator("a.bar").first().click();
      await expect.poll(() => page.locator(".stay-detail").count()).toBe(1);
      await page.getByRole("link", { name: "Close" }).click();
      await expect.poll(() => page.locator(".stay-detail").count()).toBe(0);
      expect(page.url()).toBe(chartUrl);
      await page.goBack();
      await expect.poll(() => page.url()).not.toBe(chartUrl);
    } else {
      // A page of its own: one way back, and no panel floating over it.
      expect(await page.getByRole("link", { name: "Back to the chart" }).count()).toBe(1);
      expect(await page.getByRole("link", { name: "Close" }).count()).toBe(0);
      expect(await page.locator("#stay-panel").count()).toBe(0);
    }
    await context.close();
  });

  it("shows guest names once an admin turns them on", async () => {
    const context = await phoneContext(running.browser, javaScript);
    const page = await context.newPage();
    await signInAs(page, running.site, "admin");
    await page.goto(`${running.site.baseUrl}/k/demo/settings#privacy-section`);
    const box = page.getByLabel("Show guest names on the chart");
    await box.check();
    await page.locator("#privacy-section").getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator("#privacy-section [role=status]").textContent()).toContain("Saved.");

    await page.goto(`${running.site.baseUrl}/k/demo/chart`);
    const labels = await page.locator("a.bar > b").allTextContents();
    expect(labels.filter((label) => label !== "Guest").length).toBeGreaterThan(5);
    expect(Math.max(...labels.map((label) => label.length))).toBeGreaterThan(12);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/chart-names-${suffix}.png` });

    // Every night's badges sit under that night's date, however long the names around them.
    const placements = await page.evaluate(() => {
      const days = [...document.querySelectorAll("table.chart thead th.day")].map((th) => th.getBoundingClientRect());
      const result: { night: number; badges: number; misplaced: string[] } = { night: 0, badges: 0, misplaced: [] };
      for (const bar of document.querySelectorAll("table.chart tbody a.bar")) {
        const cell = bar.closest("td")!;
        let column = 0;
        for (let sibling = cell.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
          if (sibling.tagName === "TD") column += (sibling as HTMLTableCellElement).colSpan;
        }
        [...bar.querySelectorAll(":scope > span > i")].forEach((night, offset) => {
          result.night++;
          const day = days[column + offset]!;
          for (const badge of night.querySelectorAll("b")) {
            result.badges++;
            const box = badge.getBoundingClientRect();
            const centre = box.left + box.width / 2;
            if (centre < day.left || centre > day.right) result.misplaced.push(`${bar.getAttribute("aria-label")}: ${badge.textContent} at ${Math.round(centre)}, night ${column + offset} is ${Math.round(day.left)}-${Math.round(day.right)}`);
          }
        });
      }
      return result;
    });
    expect(placements.badges).toBeGreaterThan(20);
    expect(placements.misplaced).toEqual([]);

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
    await signInAs(page, running.site, "admin");
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
      .poll(
        async () => {
          await context.clock.runFor(31_000);
          return page.locator("#chart").getAttribute("data-last-sync");
        },
        // The sync runs through the queue, which delivers within a second or so.
        { timeout: 20_000, interval: 250 },
      )
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
    await signInAs(page, running.site, "admin");
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

    // Sync now runs through the queue: the section shows it started, follows its progress
    // by itself, and ends with the new run on top, successful.
    const newest = page.locator("#sync-section tbody tr").first();
    const previousRun = await newest.getAttribute("data-run-id");
    await page.getByRole("button", { name: "Sync now" }).click();
    await expect.poll(() => page.locator("#sync-section [role=status]").first().textContent()).toMatch(/Sync started\.|The sync has finished/);
    await expect.poll(() => newest.getAttribute("data-run-id")).not.toBe(previousRun);
    await expect.poll(() => newest.locator(".badge").textContent(), { timeout: 20_000 }).toBe("success");
    expect(await page.locator("#sync-section progress").count()).toBe(0);
    await page.locator("#sync-section").screenshot({ path: `${SCREENSHOT_DIR}/sync-section-js.png` });

    // Back to the usual interval for whoever runs next.
    await section.getByLabel("Every").selectOption("15");
    await section.getByRole("button", { name: "Save schedule" }).click();
    await expect.poll(() => section.locator("[role=status]").textContent()).toContain("Saved.");
    await context.close();
  });
});

describe("a range of nights and the sync history at 390 x 844", () => {
  it("follows a running range's progress by itself, cancels it, and shows it in the history", async () => {
    const context = await phoneContext(running.browser, true);
    const page = await context.newPage();
    await signInAs(page, running.site, "admin");
    await page.goto(`${running.site.baseUrl}/k/demo/settings#sync-section`);
    const section = page.locator("#sync-section");
    // A busy Newbook (every call answered after 300 ms), so the run lasts long enough to watch.
    const faults = `${running.site.baseUrl}/__sim/newbook/__control/faults`;
    expect((await page.request.post(faults, { data: { kind: "slow", delay_ms: 300, count: 1000 } })).ok()).toBe(true);
    // A year of nights: twelve chunks, each its own queue message.
    const today = new Date();
    const iso = (date: Date) => date.toISOString().slice(0, 10);
    await section.getByLabel("From").fill(iso(new Date(today.getTime() - 364 * 86_400_000)));
    await section.getByLabel("To").fill(iso(today));
    await section.getByRole("button", { name: "Sync this range" }).click();
    await expect.poll(() => section.locator("[role=status]").first().textContent()).toMatch(/Sync started\.|The sync is running/);

    // The bar moves on without a reload.
    const progress = section.locator("progress");
    // Twelve chunks, each asked of Newbook and then resOS: 24 steps.
    expect(await progress.getAttribute("max")).toBe("24");
    await expect.poll(async () => Number(await progress.getAttribute("value")), { timeout: 20_000, interval: 250 }).toBeGreaterThan(0);
    expect(await section.getByRole("button", { name: "Sync now" }).isDisabled()).toBe(true);
    await section.screenshot({ path: `${SCREENSHOT_DIR}/sync-progress-js.png` });

    await section.getByRole("button", { name: "Cancel this sync" }).click();
    await expect.poll(() => section.locator("[role=status]").textContent()).toContain("Cancelled.");
    const newest = section.locator("tbody tr").first();
    expect(await newest.locator(".badge").textContent()).toBe("cancelled");
    expect(await newest.textContent()).toContain("Cancelled by admin@demo.example");
    expect((await page.request.delete(faults)).ok()).toBe(true);
    // The run really stops: the scheduler lets the next one in.
    await expect.poll(async () => section.getByRole("button", { name: "Sync now" }).isDisabled(), { timeout: 20_000, interval: 500 }).toBe(false);

    await page.getByRole("navigation", { name: "Kitchen" }).getByRole("link", { name: "History" }).click();
    await page.waitForURL(`${running.site.baseUrl}/k/demo/history`);
    const chart = page.getByRole("img", { name: "Sync run durations and failures, last 7 days" });
    expect(await chart.isVisible()).toBe(true);
    expect((await chart.boundingBox())!.width).toBeLessThanOrEqual(390);
    expect(await page.locator(".history-summary").textContent()).toMatch(/% of \d+ finished runs? succeeded in the last 7 days/);
    expect(await page.locator("table.run-table tbody tr").first().locator(".badge").textContent()).toBe("cancelled");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/history-js.png`, fullPage: true });
    await context.close();
  });
});
