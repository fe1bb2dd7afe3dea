// The sync schedule as admins set it, on the settings page and through the JSON API, and
// the scheduler hearing about it at once.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createKitchen, createUser, form, request, signIn } from "./helpers";

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
  return request(`/k/${SLUG}/settings/schedule`, { method: "POST", body: form(fields), cookie: admin, headers: htmx ? { "HX-Request": "true" } : {} });
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
    [{ enabled: "on", interval_minutes: "7", days_ahead: "7" }, "the interval must be one of 5, 10, 15, 30, 60 minutes"],
    [{ enabled: "on", interval_minutes: "15", days_ahead: "31" }, "days ahead must be a whole number from 1 to 30"],
    [{ enabled: "on", interval_minutes: "15", days_ahead: "two" }, "days ahead must be a whole number from 1 to 30"],
  ])("refuses %j with the reason, saving nothing", async (fields, reason) => {
    const before = await row();
    const response = await save(fields, true);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(reason);
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
      ["consecutive_failures", "days_ahead", "has_alert_webhook", "is_enabled", "last_error_message", "last_sync_at", "last_sync_status", "next_due_at", "sync_interval_minutes"],
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

    for (const [body, detail] of [
      [{ sync_interval_minutes: 20 }, "sync_interval_minutes: the interval must be one of 5, 10, 15, 30, 60 minutes."],
      [{ days_ahead: 0 }, "days_ahead: days ahead must be a whole number from 1 to 30."],
      [{ is_enabled: "yes" }, "is_enabled must be true or false."],
    ] as const) {
      const before = await row();
      const refused = await post(body);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ detail });
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
