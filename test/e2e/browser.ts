// Debian's Chromium driven by playwright-core: no browser download, offline-safe flags.
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startSite, type RunningSite } from "../support/site";
import { PROJECT_ROOT } from "../../scripts/lib/wrangler";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = `${PROJECT_ROOT}test-results/screenshots`;
export const PHONE = { width: 390, height: 844 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run scripts/ensure-chromium.sh (or set CHROMIUM_PATH)`);
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function phoneContext(browser: Browser, javaScriptEnabled = true): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, javaScriptEnabled });
}

export interface SiteAndBrowser {
  site: RunningSite;
  browser: Browser;
}

/** Starts the site and Chromium before a file's tests (filling the object in) and stops both after them. */
export function useSiteAndBrowser(): SiteAndBrowser {
  const running = {} as SiteAndBrowser;
  beforeAll(async () => {
    [running.site, running.browser] = await Promise.all([startSite(), launchChromium()]);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.site?.stop();
  });
  return running;
}

/** Signs in through the form as the demo login with this role; lands on the demo kitchen. */
export async function signInAs(page: Page, site: RunningSite, role: string): Promise<void> {
  const login = site.logins.find((l) => l.role === role)!;
  await page.goto(`${site.baseUrl}/login`);
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${site.baseUrl}/k/demo`);
}
