// A refused form at 390 x 844, with and without JavaScript: the problem shows beside the field
// it is about (not only at the top), the input is marked invalid for screen readers, what was
// typed is kept, and nothing is saved.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { phoneContext, SCREENSHOT_DIR, signInAs, useSiteAndBrowser } from "./browser";

const running = useSiteAndBrowser();
const REFUSED_URL = "http://hooks.example.com/not-https";

async function webhookField(page: Page) {
  return page.locator("#schedule-section").getByLabel("Alert webhook URL (optional)");
}

describe.each([true, false])("the schedule form refused at 390 x 844, JavaScript %s", (javaScript) => {
  it("says why beside the webhook field, keeps what was typed and saves nothing", async () => {
    const context = await phoneContext(running.browser, javaScript);
    const page = await context.newPage();
    await signInAs(page, running.site, "admin");
    await page.goto(`${running.site.baseUrl}/k/demo/settings#schedule-section`);

    await (await webhookField(page)).fill(REFUSED_URL);
    await page.locator("#schedule-section").getByRole("button", { name: "Save schedule" }).click();

    const error = page.locator("#alert_webhook_url-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("Must be a full https:// address, or empty for none.");
    const input = await webhookField(page);
    expect(await input.inputValue()).toBe(REFUSED_URL);
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    expect((await input.getAttribute("aria-describedby"))?.split(" ")).toContain("alert_webhook_url-error");
    expect(await page.locator("#schedule-section").getByRole("alert").textContent()).toBe("Not saved: see the fields marked above.");
    // htmx swaps the section in place; a plain form gets the settings page back (422).
    expect(page.url()).toBe(javaScript ? `${running.site.baseUrl}/k/demo/settings#schedule-section` : `${running.site.baseUrl}/k/demo/settings/schedule`);

    // Beside its field: right under the input, within the form's width, on screen at 390 px.
    const [inputBox, errorBox] = [await input.boundingBox(), await error.boundingBox()];
    expect(errorBox!.y).toBeGreaterThanOrEqual(inputBox!.y + inputBox!.height - 1);
    expect(errorBox!.y - (inputBox!.y + inputBox!.height)).toBeLessThan(24);
    expect(errorBox!.x + errorBox!.width).toBeLessThanOrEqual(390);
    await error.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/schedule-refused-${javaScript ? "js" : "nojs"}.png` });

    // A fresh load of the page: the stored schedule has no webhook.
    await page.goto(`${running.site.baseUrl}/k/demo/settings`);
    expect(await (await webhookField(page)).inputValue()).toBe("");
    await context.close();
  });
});
