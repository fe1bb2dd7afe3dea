// Alerts and banners in workerd: the fifth failure in a row raises the red banner on every
// page of the kitchen, a critical log line and the alert webhook (through the scheduler's
// injected fetch); a schedule with no success for twice its interval shows the amber one.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { upcomingRange } from "../../src/domain/date-range";
import type { KitchenSyncScheduler } from "../../src/scheduler/kitchen-sync-scheduler";
import { schedulerFor } from "../../src/sync/run-control";
import { browserPost, connectNewbook, createKitchen, createUser, loggedLines, request, runToEnd, signIn } from "./helpers";

const PASSWORD = "correct horse battery staple";
const WEBHOOK = "https://hooks.example.com/services/T000/B000/secret";
const MINUTE = 60_000;
let kitchenId: number;
let otherId: number;
let manager: string;
let admin: string;

/** Newbook refusing the credentials, as a failing sync sees it. */
const refusing = async () => new Response(JSON.stringify({ success: "false", message: "Invalid credentials" }), { status: 401 });

interface Posted {
  url: string;
  method: string;
  body: Record<string, unknown>;
}

/** Points the kitchen's scheduler's webhook fetch at a recorder. */
async function recordWebhooks(id: number): Promise<Posted[]> {
  const posted: Posted[] = [];
  await runInDurableObject(schedulerFor(env, id), (instance: KitchenSyncScheduler) => {
    instance.alertFetch = async (input, init) => {
      posted.push({ url: String(input), method: init?.method ?? "GET", body: JSON.parse(String(init?.body)) });
      return new Response(null, { status: 204 });
    };
  });
  return posted;
}

async function syncNow(id: number, fetch?: typeof refusing) {
  return runToEnd(id, "manual", upcomingRange("Europe/London", 7, new Date()), fetch ? { fetch } : {});
}

async function failOnce(id: number) {
  expect(await syncNow(id, refusing)).toMatchObject({ status: "failed" });
}

async function page(path: string, cookie: string): Promise<string> {
  const response = await request(path, { cookie });
  expect(response.status, path).toBe(200);
  return response.text();
}

const bannerOf = (html: string) => /data-sync-health="(\w+)"/.exec(html)?.[1] ?? null;

beforeAll(async () => {
  kitchenId = await createKitchen("alert-inn", "Alert Inn");
  otherId = await createKitchen("calm-inn", "Calm Inn");
  for (const id of [kitchenId, otherId]) await connectNewbook(id);
  await env.DB.prepare("UPDATE sync_settings SET alert_webhook_url = ?, last_sync_at = ? WHERE kitchen_id = ?").bind(WEBHOOK, new Date().toISOString(), kitchenId).run();
  await env.DB.prepare("UPDATE sync_settings SET last_sync_at = ? WHERE kitchen_id = ?").bind(new Date().toISOString(), otherId).run();
  await createUser("chef@alert.example", PASSWORD, [
    { kitchenId, role: "manager" },
    { kitchenId: otherId, role: "manager" },
  ]);
  await createUser("admin@alert.example", PASSWORD, [{ kitchenId, role: "admin" }]);
  manager = await signIn("chef@alert.example", PASSWORD);
  admin = await signIn("admin@alert.example", PASSWORD);
});

describe("the fifth failure in a row", () => {
  it("raises the red banner on every page of the kitchen, a critical log line and the webhook, once; recovery clears it", async () => {
    const posted = await recordWebhooks(kitchenId);
    for (let failure = 1; failure <= 4; failure++) {
      const lines = await loggedLines(() => failOnce(kitchenId));
      expect(lines.filter((line) => line.level === "critical")).toEqual([]);
    }
    expect(posted).toEqual([]);
    expect(bannerOf(await page("/k/alert-inn/chart", manager))).toBeNull();

    const lines = await loggedLines(() => failOnce(kitchenId));
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "critical", event: "sync_alert", kitchen_id: kitchenId, consecutive_failures: 5, webhook: true }),
    );
    // The webhook URL can hold a secret: it is never logged.
    expect(JSON.stringify(lines)).not.toContain("secret");
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({
      url: WEBHOOK,
      method: "POST",
      body: { event: "sync_failing", kitchen: "alert-inn", kitchen_name: "Alert Inn", consecutive_failures: 5 },
    });
    expect(posted[0]!.body.text).toContain("Alert Inn has failed 5 times in a row");
    expect(String(posted[0]!.body.last_error)).toMatch(/Newbook rejected/);

    for (const path of ["/k/alert-inn", "/k/alert-inn/chart"]) {
      const html = await page(path, manager);
      expect(bannerOf(html), path).toBe("alert");
      expect(html).toContain("The sync is failing: 5 times in a row.");
      expect(html).toMatch(/role="alert" data-sync-health="alert"/);
      // In a chef's words, with whom to ask; the technical sentence stays in History.
      expect(html).toContain("Newbook refused the stored username and password: they must be entered again in Settings.");
      expect(html).toContain("Ask an admin of this kitchen to enter them again in Settings.");
      expect(html).not.toContain("Newbook rejected the username/password.");
    }
    const settings = await page("/k/alert-inn/settings", admin);
    expect(bannerOf(settings)).toBe("alert");
    expect(settings).toContain('Enter them again in <a href="/k/alert-inn/settings#newbook-section">Settings</a>');
    expect(await page("/k/alert-inn/history", admin)).toContain("Newbook rejected the username/password.");
    // The other kitchen of the same person is fine, and says nothing.
    expect(bannerOf(await page("/k/calm-inn/chart", manager))).toBeNull();

    // A sixth failure does not alert again: the decision is its log line, and there is none.
    const sixth = await loggedLines(() => failOnce(kitchenId));
    expect(sixth).toContainEqual(expect.objectContaining({ event: "sync_finished", kitchen_id: kitchenId, status: "failed" }));
    expect(sixth.filter((line) => line.event === "sync_alert")).toEqual([]);
    expect(posted).toHaveLength(1);

    // Recovery: the banner goes, and the webhook hears it.
    expect(await syncNow(kitchenId)).toMatchObject({ status: "success" });
    await vi.waitFor(() => expect(posted).toHaveLength(2));
    expect(posted[1]!.body).toMatchObject({ event: "sync_recovered", consecutive_failures: 0, last_error: null });
    expect(bannerOf(await page("/k/alert-inn/chart", manager))).toBeNull();
  });

  it("logs a failing webhook rather than throw, and the failure count stands", async () => {
    const quiet = await createKitchen("quiet-inn", "Quiet Inn");
    await connectNewbook(quiet);
    await env.DB.prepare("UPDATE sync_settings SET alert_webhook_url = 'https://hooks.example.com/down' WHERE kitchen_id = ?").bind(quiet).run();
    let calls = 0;
    await runInDurableObject(schedulerFor(env, quiet), (instance: KitchenSyncScheduler) => {
      instance.alertFetch = async () => {
        calls++;
        return new Response("gone", { status: 500 });
      };
    });
    const lines = await loggedLines(async (seen) => {
      for (let failure = 1; failure <= 5; failure++) await failOnce(quiet);
      await vi.waitFor(() => expect(calls).toBe(1));
      // The refusal is logged once the webhook's answer is in: wait for that line, not for a time.
      await vi.waitFor(() => expect(seen().some((line) => line.event === "alert_webhook_failed")).toBe(true));
    });
    expect(lines).toContainEqual(expect.objectContaining({ level: "critical", event: "sync_alert", kitchen_id: quiet }));
    expect(lines).toContainEqual(expect.objectContaining({ level: "error", event: "alert_webhook_failed", kitchen_id: quiet, status: 500 }));
    expect((await env.DB.prepare("SELECT consecutive_failures FROM sync_settings WHERE kitchen_id = ?").bind(quiet).first())!.consecutive_failures).toBe(5);
  });
});

describe("the stale banner", () => {
  async function setSync(fields: { enabled?: number; lastSyncAt?: string | null; enabledSince?: string | null; interval?: number }) {
    await env.DB.prepare(
      "UPDATE sync_settings SET enabled = ?, last_sync_at = ?, enabled_since = ?, interval_minutes = ?, consecutive_failures = 0 WHERE kitchen_id = ?",
    )
      .bind(fields.enabled ?? 1, fields.lastSyncAt ?? null, fields.enabledSince ?? null, fields.interval ?? 15, otherId)
      .run();
  }
  const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();

  it("shows amber once no sync has succeeded for more than twice the interval, and not before", async () => {
    await setSync({ lastSyncAt: ago(29), interval: 15 });
    expect(bannerOf(await page("/k/calm-inn/chart", manager))).toBeNull();

    await setSync({ lastSyncAt: ago(31), interval: 15 });
    const html = await page("/k/calm-inn/chart", manager);
    expect(bannerOf(html)).toBe("stale");
    expect(html).toContain("Data may be stale.");
    expect(html).toContain("31 min ago");
    expect(html).toContain("The sync should run every 15 minutes.");
    expect(bannerOf(await page("/k/calm-inn", manager))).toBe("stale");

    // The interval sets the threshold: 31 minutes is fine for an hourly sync.
    await setSync({ lastSyncAt: ago(31), interval: 60 });
    expect(bannerOf(await page("/k/calm-inn/chart", manager))).toBeNull();
  });

  it("counts from when the schedule was enabled when nothing has succeeded yet, and says nothing while it is off", async () => {
    await setSync({ lastSyncAt: null, enabledSince: ago(11), interval: 5 });
    const html = await page("/k/calm-inn/chart", manager);
    expect(bannerOf(html)).toBe("stale");
    expect(html).toContain("No sync has succeeded yet.");

    await setSync({ enabled: 0, lastSyncAt: ago(600), interval: 5 });
    expect(bannerOf(await page("/k/calm-inn/chart", manager))).toBeNull();
  });

  it("is not shown for a kitchen without a Newbook connection", async () => {
    const unconnected = await createKitchen("new-inn", "New Inn");
    await env.DB.prepare("UPDATE sync_settings SET enabled_since = ? WHERE kitchen_id = ?").bind(ago(600), unconnected).run();
    await createUser("chef@new.example", PASSWORD, [{ kitchenId: unconnected, role: "manager" }]);
    expect(bannerOf(await page("/k/new-inn", await signIn("chef@new.example", PASSWORD)))).toBeNull();
  });
});

describe("the alert webhook setting", () => {
  it("takes an https address or nothing, refusing anything else with the reason and saving nothing", async () => {
    const post = (url: string) =>
      browserPost("/k/alert-inn/settings/schedule", { cookie: admin, htmx: true, fields: { enabled: "on", interval_minutes: "15", days_ahead: "7", alert_webhook_url: url } });
    const stored = async () => (await env.DB.prepare("SELECT alert_webhook_url FROM sync_settings WHERE kitchen_id = ?").bind(kitchenId).first())!.alert_webhook_url;
    for (const bad of ["http://hooks.example.com/x", "hooks.example.com", "https://user:pw@hooks.example.com/", "javascript:alert(1)"]) {
      const response = await post(bad);
      expect(response.status, bad).toBe(422);
      expect(await response.text()).toContain('<span class="field-error" id="alert_webhook_url-error">Must be a full https:// address, or empty for none.</span>');
      expect(await stored()).toBe(WEBHOOK);
    }
    // A valid address too long to be one is refused for its length, not its form.
    const long = await post(`https://hooks.example.com/${"a".repeat(5000)}`);
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('<span class="field-error" id="alert_webhook_url-error">Is too long: a webhook address is at most 2,000 characters.</span>');
    expect(await stored()).toBe(WEBHOOK);
    expect((await post("  https://hooks.example.com/new  ")).status).toBe(200);
    expect(await stored()).toBe("https://hooks.example.com/new");
    expect((await post("")).status).toBe(200);
    expect(await stored()).toBeNull();
  });
});
