// What a kitchen sees when its Newbook sync keeps failing, at 390 x 844: the red banner on
// every page after the fifth failure in a row, gone again after a success. Newbook is the
// simulator, told to refuse the credentials.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { phoneContext, signInAs, useSiteAndBrowser, SCREENSHOT_DIR } from "./browser";

const running = useSiteAndBrowser();

async function faults(page: Page, method: "POST" | "DELETE", body?: unknown): Promise<void> {
  const response = await page.request.fetch(`${running.site.baseUrl}/__sim/newbook/__control/faults`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body ? { data: body } : {}),
  });
  expect(response.ok()).toBe(true);
}

/** Presses Sync now and waits for the run to end; returns the newest run's status. */
async function syncNow(page: Page): Promise<string | null> {
  const section = page.locator("#sync-section");
  const newest = section.locator("tbody tr").first();
  const before = await newest.getAttribute("data-run-id").catch(() => null);
  await section.getByRole("button", { name: "Sync now" }).click();
  await expect.poll(() => newest.getAttribute("data-run-id")).not.toBe(before);
  await expect.poll(() => newest.locator(".badge").textContent(), { timeout: 20_000, interval: 250 }).not.toBe("running");
  return newest.locator(".badge").textContent();
}

describe("a failing sync at 390 x 844", () => {
  it("puts the red banner on every page of the kitchen at the fifth failure, and takes it away after a success", async () => {
    const context = await phoneContext(running.browser, true);
    const page = await context.newPage();
    await signInAs(page, running.site, "admin");
    await page.goto(`${running.site.baseUrl}/k/demo/settings#sync-section`);
    await faults(page, "POST", { kind: "401", count: 1000 });
    for (let failure = 1; failure <= 5; failure++) {
      // The demo has resOS too: its tables still sync, so the run is partial, and counts as a failure.
      expect(await syncNow(page)).toBe("partial");
      if (failure === 4) {
        await page.reload();
        expect(await page.locator(".banner").count()).toBe(0);
      }
    }
    for (const path of ["/k/demo", "/k/demo/chart", "/k/demo/history", "/k/demo/settings"]) {
      await page.goto(`${running.site.baseUrl}${path}`);
      const banner = page.getByRole("alert").filter({ hasText: "The sync is failing" });
      expect(await banner.textContent(), path).toContain("5 times in a row.");
    }
    await page.goto(`${running.site.baseUrl}/k/demo/chart`);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/alert-banner-js.png` });

    await faults(page, "DELETE");
    await page.goto(`${running.site.baseUrl}/k/demo/settings#sync-section`);
    expect(await syncNow(page)).toBe("success");
    await page.goto(`${running.site.baseUrl}/k/demo/chart`);
    expect(await page.locator(".banner").count()).toBe(0);
    await context.close();
  });
});
