import { describe, expect, it } from "vitest";
import { NewbookBooking, NewbookEnvelope, NewbookGlAccount, NewbookSite } from "../../src/newbook/schemas";
import { createNewbookSimulator, type NewbookSimulator, SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";

const TODAY = "2026-11-21";
const { username, password, region, apiKey } = SIMULATOR_CREDENTIALS;
const BASIC = `Basic ${btoa(`${username}:${password}`)}`;

interface RawEnvelope {
  success: unknown;
  message: unknown;
  data?: Record<string, unknown>[];
  data_total?: unknown;
  data_count?: unknown;
}

function restRequest(action: string, body: unknown, authorization: string | null = BASIC): Request {
  return new Request(`http://sim/rest/${action}`, {
    method: "POST",
    headers: authorization === null ? {} : { authorization },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function call(sim: NewbookSimulator, action: string, fields: Record<string, unknown> = {}): Promise<{ status: number; body: RawEnvelope }> {
  const response = await sim.fetch(restRequest(action, { region, api_key: apiKey, ...fields }));
  return { status: response.status, body: await response.json() };
}

describe("Newbook simulator: auth", () => {
  const sim = createNewbookSimulator({ seed: 1, rooms: 12, today: TODAY });

  it("answers HTTP 401 to a wrong or missing Basic login", async () => {
    const body = { region, api_key: apiKey };
    for (const authorization of [`Basic ${btoa(`${username}:wrong`)}`, `Basic ${btoa(`someone:${password}`)}`, "Bearer token", null]) {
      const response = await sim.fetch(restRequest("auth_test", body, authorization));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ success: "false" });
    }
    expect((await sim.fetch(restRequest("auth_test", body))).status).toBe(200);
  });

  it('answers 200 success "false" to a wrong api_key or region, and to a body that is not a JSON object', async () => {
    const answers = [
      await sim.fetch(restRequest("auth_test", { region, api_key: "instances_00000000000000000000000000000000" })),
      await sim.fetch(restRequest("auth_test", { region: "au", api_key: apiKey })),
      await sim.fetch(restRequest("auth_test", { api_key: apiKey })),
      await sim.fetch(restRequest("auth_test", "region=eu")),
      await sim.fetch(restRequest("auth_test", [region, apiKey])),
    ];
    for (const response of answers) {
      expect(response.status).toBe(200);
      const body: RawEnvelope = await response.json();
      expect(body.success).toBe("false");
      expect(body.message).toMatch(/\w/);
    }
  });

  it('answers success "true" to auth_test and success "false" to an unknown action', async () => {
    expect((await call(sim, "auth_test")).body.success).toBe("true");
    const unknown = await call(sim, "bookings_delete_everything");
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ success: "false", message: expect.stringContaining("bookings_delete_everything") });
  });
});

describe("Newbook simulator: envelope and records", () => {
  const sim = createNewbookSimulator({ seed: 2, rooms: 40, today: TODAY });

  it("sends success as the string \"true\", counts as numbers and numbers in records as strings", async () => {
    const { body } = await call(sim, "bookings_list", { list_type: "staying", period_from: `${TODAY} 00:00:00`, period_to: `${TODAY} 23:59:59` });
    expect(body.success).toBe("true");
    expect(body.message).toBe("");
    expect(typeof body.data_total).toBe("number");
    expect(body.data_count).toBe(body.data!.length);
    const booking = body.data![0]!;
    for (const field of ["booking_id", "booking_adults", "booking_children", "booking_infants", "booking_length", "site_id", "category_id", "bookings_group_id"]) {
      expect(typeof booking[field], field).toBe("string");
    }
    expect(booking.booking_arrival).toMatch(/^\d{4}-\d{2}-\d{2} 14:00:00$/);
    expect(booking.booking_departure).toMatch(/^\d{4}-\d{2}-\d{2} 10:00:00$/);
    const tariff = (booking.tariffs_quoted as Record<string, unknown>[])[0]!;
    expect(tariff.charge_amount).toMatch(/^\d+\.\d{2}$/);
    expect(NewbookEnvelope.parse(body).success).toBe(true);
  });

  it("lists rooms with categories and a Clean/Dirty status, including names whose order is not alphabetical", async () => {
    const { body } = await call(sim, "sites_list");
    const sites = body.data!.map((row) => NewbookSite.parse(row));
    expect(sites).toHaveLength(40);
    expect(new Set(sites.map((site) => site.site_status))).toEqual(new Set(["Clean", "Dirty"]));
    const names = sites.map((site) => site.site_name);
    expect(names).toEqual(expect.arrayContaining(["101", "2", "S1"]));
    expect(new Set(sites.map((site) => site.category_name))).toEqual(
      new Set(["Standard Double", "Superior King", "Family Room", "Suite", "Garden Room", "Staff Room", "Owner's Apartment"]),
    );
  });

  it("lists a dinner and a breakfast GL account that inventory items point at", async () => {
    const accounts = (await call(sim, "gl_account_list")).body.data!.map((row) => NewbookGlAccount.parse(row));
    const dinner = accounts.find((account) => account.gl_account_code === "4010");
    const breakfast = accounts.find((account) => account.gl_account_code === "4020");
    expect(dinner?.gl_account_name).toMatch(/dinner/i);
    expect(breakfast?.gl_account_name).toMatch(/breakfast/i);

    const staying = await call(sim, "bookings_list", { list_type: "staying", period_from: TODAY, period_to: TODAY, data_limit: 1000 });
    const items = staying.body.data!.flatMap((row) => NewbookBooking.parse(row).inventory_items);
    expect(items.some((item) => item.gl_account_id === dinner?.gl_account_id && item.description === "Dinner Allocation")).toBe(true);
    expect(items.some((item) => item.gl_account_id === breakfast?.gl_account_id && item.description === "Breakfast")).toBe(true);
  });

  it('gets one booking by id, and success "false" for an id that does not exist', async () => {
    const listed = (await call(sim, "bookings_list", { list_type: "staying", period_from: TODAY, period_to: TODAY, data_limit: 1 })).body.data![0]!;
    const found = await call(sim, "bookings_get", { booking_id: listed.booking_id });
    expect(found.body.data).toEqual([listed]);
    expect((await call(sim, "bookings_get", { booking_id: Number(listed.booking_id) })).body.data).toEqual([listed]);
    const missing = await call(sim, "bookings_get", { booking_id: "999999999" });
    expect(missing.status).toBe(200);
    expect(missing.body.success).toBe("false");
  });
});

describe("Newbook simulator: determinism", () => {
  const window = { list_type: "all", period_from: "2000-01-01 00:00:00", period_to: "2100-01-01 00:00:00", data_limit: 1000 };

  it("builds the same hotel from the same seed, rooms and today, and another from another seed", async () => {
    const first = await call(createNewbookSimulator({ seed: 42, rooms: 15, today: TODAY }), "bookings_list", window);
    const again = await call(createNewbookSimulator({ seed: 42, rooms: 15, today: TODAY }), "bookings_list", window);
    const otherSeed = await call(createNewbookSimulator({ seed: 43, rooms: 15, today: TODAY }), "bookings_list", window);
    expect(first.body.data_total).toBeGreaterThan(100);
    expect(again.body).toEqual(first.body);
    expect(otherSeed.body).not.toEqual(first.body);
  });

  it("refuses options it cannot build a hotel from", () => {
    expect(() => createNewbookSimulator({ seed: 1, rooms: 0, today: TODAY })).toThrow(/rooms/);
    expect(() => createNewbookSimulator({ seed: 1, rooms: 501, today: TODAY })).toThrow(/rooms/);
    expect(() => createNewbookSimulator({ seed: 1, rooms: 10, today: "2026-02-30" })).toThrow(/today/);
    expect(() => createNewbookSimulator({ seed: 1.5, rooms: 10, today: TODAY })).toThrow(/seed/);
  });
});

describe("Newbook simulator: rate limit", () => {
  it("serves 100 calls per rolling minute per credential, then 429 with Retry-After until a slot frees", async () => {
    let now = 1_000_000;
    const sim = createNewbookSimulator({ seed: 3, rooms: 5, today: TODAY, clock: () => now });
    for (let index = 0; index < 50; index++) expect((await call(sim, "auth_test")).status).toBe(200);
    now += 30_000;
    for (let index = 0; index < 50; index++) expect((await call(sim, "auth_test")).status).toBe(200);

    now += 15_000;
    const refused = await sim.fetch(restRequest("auth_test", { region, api_key: apiKey }));
    expect(refused.status).toBe(429);
    // The first 50 calls leave the window 60 s after they were made: 15 s from now.
    expect(refused.headers.get("retry-after")).toBe("15");
    expect(await refused.json()).toEqual({ success: "false", message: "Rate limit exceeded: 100 requests per minute" });

    now += 14_000;
    expect((await call(sim, "auth_test")).status).toBe(429);
    now += 1_001;
    expect((await call(sim, "auth_test")).status).toBe(200);
    expect(sim.callCount()).toBe(103);
  });

  it("takes another limit and window as an option, and records the time of every call the limit sees", async () => {
    let now = 1_000_000;
    const sim = createNewbookSimulator({ seed: 3, rooms: 5, today: TODAY, clock: () => now, rateLimit: { limit: 2, windowMs: 2000 } });
    expect((await sim.fetch(restRequest("auth_test", { region, api_key: apiKey }, null))).status).toBe(401); // not counted: refused before the limit
    for (const step of [0, 500]) {
      now += step;
      expect((await call(sim, "auth_test")).status).toBe(200);
    }
    now += 500;
    const refused = await sim.fetch(restRequest("auth_test", { region, api_key: apiKey }));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toEqual({ success: "false", message: "Rate limit exceeded: 2 requests per 2 s" });
    now += 1000; // the first call leaves the window
    expect((await call(sim, "auth_test")).status).toBe(200);
    expect(sim.rateLimitedCalls()).toEqual([
      { at: 1_000_000, allowed: true },
      { at: 1_000_500, allowed: true },
      { at: 1_001_000, allowed: false },
      { at: 1_002_000, allowed: true },
    ]);
    // A reset keeps the option and starts a new record.
    sim.reset({});
    expect(sim.rateLimitedCalls()).toEqual([]);
    for (let index = 0; index < 2; index++) expect((await call(sim, "auth_test")).status).toBe(200);
    expect((await call(sim, "auth_test")).status).toBe(429);
    expect(() => createNewbookSimulator({ seed: 3, rooms: 5, today: TODAY, rateLimit: { limit: 0, windowMs: 2000 } })).toThrow(/rateLimit.limit/);
  });
});
