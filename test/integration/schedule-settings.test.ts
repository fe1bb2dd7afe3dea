// The sync schedule as admins set it, on the settings page and through the JSON API, and
// the scheduler hearing about it at once.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { browserPost, createApiToken, createKitchen, createUser, request, signIn } from "./helpers";

const PASSWORD = "correct horse battery staple";
const SLUG = "schedule-inn";
let kitchenId: number;
let admin: string;

beforeAll(async () => {
  kitchenId = await createKitchen(SLUG, "Schedule Inn");
  await createUser("schedule-admin@example.com", PASSWORD, [{ kitchenId, role: "admin" }]);
  admin = await signIn("schedule-admin@example.com", PASSWORD);
});

async function row() {
  return env.DB.prepare("SELECT enabled, interval_minutes, days_ahead, next_due_at FROM sync_settings WHERE kitchen_id = ?")
    .bind(kitchenId)
    .first<{ enabled: number; interval_minutes: number; days_ahead: number; next_due_at: string | null }>();
}

function save(fields: Record<string, string>, htmx = false) {
  return browserPost(`/k/${SLUG}/settings/schedule`, { fields, cookie: admin, htmx });
}

describe("the schedule form", () => {
  it("saves, and disabling pauses the schedule in the scheduler too", async () => {
    const response = await save({ interval_minutes: "30", days_ahead: "10" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/k/${SLUG}/settings?notice=schedule-saved#schedule-section`);
    expect(await row()).toEqual({ enabled: 0, interval_minutes: 30, days_ahead: 10, next_due_at: null });
    const page = await (await request(response.headers.get("location")!, { cookie: admin })).text();
    expect(page).toContain("Saved. The next sync is due as shown.");
    expect(page).toMatch(/class="next-due">paused</);
  });

  it("enabling makes the kitchen due now", async () => {
    const before = Date.now();
    const response = await save({ enabled: "on", interval_minutes: "15", days_ahead: "7" }, true);
    expect(response.status).toBe(200);
    const fragment = await response.text();
    expect(fragment).toContain('id="schedule-section"');
    const saved = await row();
    expect(saved).toMatchObject({ enabled: 1, interval_minutes: 15, days_ahead: 7 });
    expect(Date.parse(saved!.next_due_at!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(saved!.next_due_at!)).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    [{ enabled: "on", interval_minutes: "7", days_ahead: "7" }, "interval_minutes", "Must be one of 5, 10, 15, 30, 60 (minutes)."],
    [{ enabled: "on", interval_minutes: "15", days_ahead: "31" }, "days_ahead", "Must be a whole number from 1 to 30."],
    [{ enabled: "on", interval_minutes: "15", days_ahead: "two" }, "days_ahead", "Must be a whole number from 1 to 30."],
    // Numbers are digits: hex, exponents and decimals are refused where a whole number is asked for.
    [{ enabled: "on", interval_minutes: "0x0f", days_ahead: "7" }, "interval_minutes", "Must be one of 5, 10, 15, 30, 60 (minutes)."],
    [{ enabled: "on", interval_minutes: "15", days_ahead: "1e1" }, "days_ahead", "Must be a whole number from 1 to 30."],
    [{ enabled: "on", interval_minutes: "15.0", days_ahead: "7" }, "interval_minutes", "Must be one of 5, 10, 15, 30, 60 (minutes)."],
    [{ enabled: "yes", interval_minutes: "15", days_ahead: "7" }, "enabled", "Must be ticked (on) or left out."],
  ])("refuses %j with the reason beside its field, saving nothing", async (fields, field, reason) => {
    const before = await row();
    const response = await save(fields, true);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(`<span class="field-error" id="${field}-error">${reason}</span>`);
    expect(html).toContain("Not saved: see the fields marked above.");
    expect(await row()).toEqual(before);
  });

  it("shows the same problems on the whole page for a plain POST, with what was typed", async () => {
    const before = await row();
    const response = await save({ enabled: "on", interval_minutes: "15", days_ahead: "45" }, false);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("<h1>Settings</h1>");
    expect(html).toContain('<span class="field-error" id="days_ahead-error">Must be a whole number from 1 to 30.</span>');
    expect(html).toContain('value="45"');
    expect(await row()).toEqual(before);
  });
});

describe("GET and POST /api/settings/newbook-frequent-sync", () => {
  it("answers the settings and the status fields", async () => {
    const { token } = await createApiToken(kitchenId, "manager");
    const response = await request("/api/settings/newbook-frequent-sync", { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = await response.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(
      ["consecutive_failures", "days_ahead", "has_alert_webhook", "is_enabled", "last_attempt_at", "last_error_message", "last_sync_at", "last_sync_status", "next_due_at", "sync_interval_minutes"],
    );
    expect(body).toMatchObject({ is_enabled: true, sync_interval_minutes: 15, days_ahead: 7 });
  });

  it("changes what it is given and keeps the rest; a shorter interval moves the next due time", async () => {
    const { token } = await createApiToken(kitchenId, "admin");
    const post = (body: unknown) =>
      request("/api/settings/newbook-frequent-sync", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const response = await post({ sync_interval_minutes: 60 });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ is_enabled: true, sync_interval_minutes: 60, days_ahead: 7 });

    for (const [body, field, error] of [
      [{ sync_interval_minutes: 20 }, "sync_interval_minutes", "sync_interval_minutes must be one of 5, 10, 15, 30, 60 (minutes)."],
      [{ sync_interval_minutes: "15" }, "sync_interval_minutes", "sync_interval_minutes must be one of 5, 10, 15, 30, 60 (minutes)."],
      [{ days_ahead: 0 }, "days_ahead", "days_ahead must be a whole number from 1 to 30."],
      [{ days_ahead: 7.5 }, "days_ahead", "days_ahead must be a whole number from 1 to 30."],
      [{ is_enabled: "yes" }, "is_enabled", "is_enabled must be true or false."],
      [[15], "body", "body must be a JSON object."],
    ] as const) {
      const before = await row();
      const refused = await post(body);
      expect(refused.status).toBe(400);
      // The one error shape, and the seed system's `detail` beside it.
      expect(await refused.json()).toEqual({ error, field, detail: error });
      expect(await row()).toEqual(before);
    }
  });

  it("is refused to managers for changes", async () => {
    const { token } = await createApiToken(kitchenId, "manager");
    const response = await request("/api/settings/newbook-frequent-sync", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ is_enabled: false }),
    });
    expect(response.status).toBe(403);
    expect((await row())!.enabled).toBe(1);
  });
});
