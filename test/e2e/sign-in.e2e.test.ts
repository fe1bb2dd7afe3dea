// What a person sees at 390 x 844: sign in, the kitchen home, settings, sign out; with
// JavaScript and without. Screenshots go to test-results/screenshots (git-ignored).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { phoneContext, useSiteAndBrowser, PHONE, SCREENSHOT_DIR } from "./browser";

const running = useSiteAndBrowser();

function login(role: string) {
  const found = running.site.logins.find((l) => l.role === role);
  if (!found) throw new Error(`no ${role} login printed`);
  return found;
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Fails on sideways scrolling and on tap targets smaller than 44 x 44 px. */
async function expectPhoneFriendly(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("a, button, input:not([type=hidden]), summary")]
      .filter((el) => !el.closest(".table-scroll"))
      // A checkbox's tap target is the label around it.
      .map((el) => (el.matches("input[type=checkbox], input[type=radio]") ? (el.closest("label") ?? el) : el))
      .map((el) => ({ text: (el.textContent ?? "").trim() || el.getAttribute("name"), box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
      .map(({ text, box }) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
  expect(small).toEqual([]);
}

describe.each([true, false])("at 390 x 844, JavaScript %s", (javaScript) => {
  const suffix = javaScript ? "js" : "nojs";

  it("an admin signs in, sees the kitchen home and settings, and signs out", async () => {
    const context = await phoneContext(running.browser, javaScript);
    const page = await context.newPage();
    const { email, password } = login("admin");

    await page.goto(running.site.baseUrl);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
    await expectPhoneFriendly(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/sign-in-${suffix}.png`, fullPage: true });

    await signIn(page, email, "not the password");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("do not match");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/sign-in-error-${suffix}.png`, fullPage: true });

    await signIn(page, email, password);
    await page.waitForURL(`${running.site.baseUrl}/k/demo`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Demo Hotel");
    expect(await page.locator(".setup").textContent()).toContain("Newbook");
    await expectPhoneFriendly(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/home-admin-${suffix}.png`, fullPage: true });

    await page.getByRole("navigation").getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(`${running.site.baseUrl}/k/demo/settings`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Settings");
    await expectPhoneFriendly(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-${suffix}.png`, fullPage: true });

    // "Sync now": an htmx swap of its section with JavaScript, a redirect back without.
    const marker = await page.evaluate(() => ((window as unknown as { pageMarker: number }).pageMarker = Math.random()));
    await page.getByRole("button", { name: "Sync now" }).click();
    await expect.poll(() => page.locator("#sync-section [role=status]").first().textContent()).toMatch(/Sync started\.|The sync has finished/);
    const sameDocument = await page.evaluate(() => (window as unknown as { pageMarker?: number }).pageMarker);
    expect(sameDocument === marker).toBe(javaScript);
    // The run goes through the queue: with JavaScript the section follows it by itself;
    // without, reloading the page shows where it is.
    const newestBadge = page.locator("#sync-section tbody tr").first().locator(".badge");
    await expect
      .poll(
        async () => {
          if (!javaScript) await page.reload();
          return newestBadge.textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe("success");
    await page.locator("#sync-section").screenshot({ path: `${SCREENSHOT_DIR}/sync-now-${suffix}.png` });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${running.site.baseUrl}/login`);
    await page.goto(`${running.site.baseUrl}/k/demo`);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });

  it("a manager sees no Settings link and a readable 403 on the settings page", async () => {
    const context = await phoneContext(running.browser, javaScript);
    const page = await context.newPage();
    const { email, password } = login("manager");
    await page.goto(`${running.site.baseUrl}/k/demo/settings`);
    await signIn(page, email, password);
    await page.waitForURL(`${running.site.baseUrl}/k/demo/settings`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Admins only");
    expect(await page.getByRole("navigation").getByRole("link", { name: "Settings" }).count()).toBe(0);
    expect(await page.getByRole("navigation").getByRole("link", { name: "Dashboard" }).count()).toBe(1);
    await expectPhoneFriendly(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/settings-forbidden-${suffix}.png`, fullPage: true });
    await context.close();
  });
});
