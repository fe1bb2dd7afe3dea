// Every JSON error has one shape, {"error": "<a sentence>"} with "field" when it is about
// one input, whichever layer refused: the guards, the validator, a route, the 404. And the
// chart's dates at the edge of the calendar answer 400 or 200, never 500.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { browserPost, connectNewbook, createApiToken, createKitchen, createUser, request, signIn } from "./helpers";

let admin: string;
let manager: string;
let cookie: string;
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  const kitchenId = await createKitchen("shape-inn", "Shape Inn");
  await connectNewbook(kitchenId);
  admin = (await createApiToken(kitchenId, "admin")).token;
  manager = (await createApiToken(kitchenId, "manager")).token;
  await createUser("shape@example.com", PASSWORD, [{ kitchenId, role: "admin" }]);
  cookie = await signIn("shape@example.com", PASSWORD);
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const json = (token: string) => ({ ...bearer(token), "content-type": "application/json" });

function isOneShape(body: unknown): boolean {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const { error, field, detail, ...rest } = body as Record<string, unknown>;
  return (
    typeof error === "string" &&
    /[.!?]$/.test(error) &&
    (field === undefined || typeof field === "string") &&
    (detail === undefined || detail === error) &&
    Object.keys(rest).length === 0
  );
}

describe("JSON errors", () => {
  const cases: [string, () => Promise<Response>, number, string | undefined][] = [
    ["no credentials", () => request("/api/kitchen"), 401, undefined],
    ["an unknown token", () => request("/api/kitchen", { headers: bearer("kr_nope") }), 401, undefined],
    ["the manager role for an admin call", () => request("/api/newbook/sync/upcoming", { method: "POST", headers: bearer(manager) }), 403, undefined],
    ["a cookie POST from elsewhere", () => request("/api/newbook/sync/upcoming", { method: "POST", cookie, headers: { origin: "https://evil.example" } }), 403, undefined],
    ["an unknown endpoint", () => request("/api/nothing-here", { headers: bearer(admin) }), 404, undefined],
    ["an unknown run", () => request("/api/newbook/sync/runs/999999", { headers: bearer(admin) }), 404, undefined],
    ["a run id that is not one", () => request("/api/newbook/sync/runs/1e3", { headers: bearer(admin) }), 404, undefined],
    ["a bad limit", () => request("/api/newbook/sync/logs?limit=0x10", { headers: bearer(admin) }), 400, "limit"],
    ["a repeated query key", () => request("/api/residents-table-chart?nights=3&nights=4", { headers: bearer(admin) }), 400, "nights"],
    ["a chart window past 9999-12-30", () => request("/api/residents-table-chart?start_date=9999-12-31&nights=2", { headers: bearer(admin) }), 400, "start_date"],
    ["a chart window in year 0000", () => request("/api/residents-table-chart?start_date=0000-12-31", { headers: bearer(admin) }), 400, "start_date"],
    ["malformed JSON", () => request("/api/newbook/sync/historical", { method: "POST", headers: json(admin), body: "{" }), 400, "body"],
    ["JSON that is not an object", () => request("/api/newbook/sync/historical", { method: "POST", headers: json(admin), body: "[]" }), 400, "body"],
    ["a range to year 10000", () => request("/api/newbook/sync/historical", { method: "POST", headers: json(admin), body: JSON.stringify({ date_from: "9999-12-01", date_to: "10000-01-01" }) }), 400, "date_to"],
    ["a schedule of 15.5 minutes", () => request("/api/settings/newbook-frequent-sync", { method: "POST", headers: json(admin), body: JSON.stringify({ sync_interval_minutes: 15.5 }) }), 400, "sync_interval_minutes"],
  ];

  it.each(cases)("%s: the one shape", async (_name, send, status, field) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(isOneShape(body), JSON.stringify(body)).toBe(true);
    expect((body as { field?: string }).field).toBe(field);
  });

  it("the shape check itself refuses other shapes", () => {
    expect(isOneShape({ error: "Fine." })).toBe(true);
    expect(isOneShape({ detail: "Old shape." })).toBe(false);
    expect(isOneShape({ success: false, error: { issues: [] } })).toBe(false);
    expect(isOneShape({ error: "Fine.", extra: 1 })).toBe(false);
  });
});

describe("the chart at the edge of the calendar", () => {
  it("answers 400 with the reason for a window past 9999-12-30, and draws the last week without a next link", async () => {
    const refused = await request("/k/shape-inn/chart?start=9999-12-31&nights=2", { cookie });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("start must be a date from 0001-01-01 to 9999-12-30");
    const tooLong = await request("/k/shape-inn/chart?start=9999-12-30&nights=2", { cookie });
    expect(tooLong.status).toBe(400);

    const last = await request("/k/shape-inn/chart?start=9999-12-24&nights=7", { cookie });
    expect(last.status).toBe(200);
    const html = await last.text();
    expect(html).toContain('<span class="button secondary" aria-disabled="true" aria-label="Next 7 nights">');
    expect(html).toContain("/k/shape-inn/chart?start=9999-12-17&amp;nights=7");
  });

  it("a range form to year 0000 or 10000 is refused beside its date, and nothing is started", async () => {
    for (const [from, to, field] of [
      ["0000-12-01", "0000-12-31", "date_from"],
      ["9999-12-01", "10000-01-01", "date_to"],
    ]) {
      const response = await browserPost("/k/shape-inn/settings/sync/historical", { cookie, htmx: true, fields: { date_from: from!, date_to: to! } });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(`id="${field}-error"`);
    }
    expect((await env.DB.prepare("SELECT count(*) AS n FROM sync_runs").first<{ n: number }>())!.n).toBe(0);
  });
});
