// Tonight's service sheet, page and JSON, in workerd against real D1, from stays and tables
// placed by hand: every number below follows from the rows written here.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInZone } from "../../src/domain/dates";
import { connectResos, createApiToken, createKitchen, createUser, request, signIn } from "./helpers";

const NIGHT = "2026-03-05"; // a Thursday
const CLOSED = "2026-03-06"; // the restaurant's special closure
const NEVER_SYNCED = "2026-03-09";
const PASSWORD = "correct horse battery staple";
let kitchenId: number;
let plainKitchenId: number;
let token: string;
let plainToken: string;
let adminCookie: string;
let managerCookie: string;

const FIELDS = [
  { id: "number", name: "Booking #", type: "string", choices: [] },
  { id: "guest", name: "Hotel Guest", type: "radio", choices: [{ id: "y", name: "Yes" }, { id: "n", name: "No" }] },
  { id: "diet", name: "Dietary", type: "checkbox", choices: [{ id: "v", name: "Vegan" }] },
];
const HOURS = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ id: `dinner-${day}`, name: "Dinner", day, open: 1800, close: 2200, seatingMinutes: 120, special: false, date: null, closed: false }));
const CLOSURE = { id: "closure", name: "Closed for a wedding", day: null, open: 0, close: 2359, seatingMinutes: null, special: true, date: CLOSED, closed: true };

async function room(kitchen: number, siteId: string, name: string, sortOrder: number) {
  await env.DB.prepare("INSERT INTO rooms (kitchen_id, site_id, name, sort_order) VALUES (?, ?, ?, ?)").bind(kitchen, siteId, name, sortOrder).run();
}

async function stayNight(kitchen: number, night: string, bookingId: string, siteId: string, values: { dinner: boolean; adults?: number; arrival?: string; departure?: string; surname?: string }) {
  await env.DB.prepare(
    `INSERT INTO room_nights (kitchen_id, night, booking_id, site_id, room_name, lead_first_name, lead_last_name, adults, children, infants, dinner, breakfast, package, arrival, departure)
     VALUES (?, ?, ?, ?, ?, 'Ada', ?, ?, 0, 0, ?, 1, 0, ?, ?)`,
  )
    .bind(kitchen, night, bookingId, siteId, siteId.slice(1), values.surname ?? `Longsurname-${bookingId}`, values.adults ?? 2, values.dinner ? 1 : 0, values.arrival ?? "2026-03-04", values.departure ?? "2026-03-08")
    .run();
}

async function dayTotals(kitchen: number, date: string, occupied: number, guests: number, dinnerGuests: number) {
  await env.DB.prepare(
    `INSERT INTO daily_occupancy (kitchen_id, date, rooms_available, rooms_occupied, guests, adults, children, infants, breakfast_guests, dinner_guests, dbb_rooms, arrivals, arrival_guests, departures, departure_guests, updated_at)
     VALUES (?, ?, 3, ?, ?, ?, 0, 0, ?, ?, 0, 0, 0, 0, 0, '2026-03-05T09:00:00Z')`,
  )
    .bind(kitchen, date, occupied, guests, guests, guests, dinnerGuests)
    .run();
}

async function tableBooking(id: string, date: string, people: number, fields: { fieldId: string; name: string; values: string[] }[], status = "approved", time = "19:30") {
  await env.DB.prepare("INSERT INTO table_bookings (kitchen_id, resos_booking_id, date, time, people, status, table_names, fields_json) VALUES (?, ?, ?, ?, ?, ?, '7', ?)")
    .bind(kitchenId, id, date, time, people, status, JSON.stringify(fields))
    .run();
}

const bookingNumber = (value: string) => ({ fieldId: "number", name: "Booking #", values: [value] });
const hotelGuest = { fieldId: "guest", name: "Hotel Guest", values: ["Yes"] };

async function sheetJson(date: string, bearer = token, filter?: string) {
  const response = await request(`/api/service-sheet?date=${date}${filter ? `&filter=${filter}` : ""}`, { headers: { authorization: `Bearer ${bearer}` } });
  expect(response.status).toBe(200);
  return response.json<Record<string, any>>();
}

beforeAll(async () => {
  kitchenId = await createKitchen("sheet-inn", "Sheet Inn");
  plainKitchenId = await createKitchen("plain-inn", "Plain Inn");
  await env.DB.prepare("UPDATE kitchens SET show_guest_names = 1 WHERE id = ?").bind(kitchenId).run();
  await connectResos(kitchenId);
  await env.DB.prepare("UPDATE resos_connections SET booking_number_field_id = 'number', hotel_guest_field_id = 'guest', dietary_field_ids = '[\"diet\"]', custom_fields_json = ?, opening_hours_json = ?, restaurant_read_at = '2026-03-05T09:00:00Z' WHERE kitchen_id = ?")
    .bind(JSON.stringify(FIELDS), JSON.stringify([...HOURS, CLOSURE]), kitchenId)
    .run();
  token = (await createApiToken(kitchenId, "manager")).token;
  plainToken = (await createApiToken(plainKitchenId, "manager")).token;
  await createUser("sheet-admin@example.com", PASSWORD, [{ kitchenId, role: "admin" }]);
  await createUser("sheet-manager@example.com", PASSWORD, [{ kitchenId, role: "manager" }]);
  adminCookie = await signIn("sheet-admin@example.com", PASSWORD);
  managerCookie = await signIn("sheet-manager@example.com", PASSWORD);

  for (const kitchen of [kitchenId, plainKitchenId]) {
    await room(kitchen, "s1", "1", 0);
    await room(kitchen, "s2", "2", 1);
    await room(kitchen, "s3", "3", 2);
    for (const night of [NIGHT, CLOSED]) {
      await stayNight(kitchen, night, "101", "s1", { dinner: true, arrival: NIGHT });
      await stayNight(kitchen, night, "102", "s2", { dinner: false, departure: "2026-03-06" });
      await stayNight(kitchen, night, "103", "s3", { dinner: true, adults: 3 });
      await dayTotals(kitchen, night, 3, 7, 5);
    }
  }
  await tableBooking("t-101", NIGHT, 2, [bookingNumber("101"), { fieldId: "diet", name: "Dietary", values: ["Vegan"] }]);
  await tableBooking("t-walk-in", NIGHT, 4, [], "approved", "20:00");
  await tableBooking("t-resident", NIGHT, 3, [bookingNumber("999"), hotelGuest]);
  await tableBooking("t-103-cancelled", NIGHT, 3, [bookingNumber("103")], "canceled");
  await tableBooking("t-closed", CLOSED, 2, [bookingNumber("101")]);
});

describe("GET /api/service-sheet", () => {
  it("counts the night from its stays and tables", async () => {
    const sheet = await sheetJson(NIGHT);
    expect(sheet).toMatchObject({ date: NIGHT, synced: true, restaurant_connected: true, restaurant_closed: false });
    // Resident dinner tables 2 + 3, DBB room 103 without a table (3 guests), non-residents 4.
    expect(sheet.totals).toEqual({ rooms_occupied: 3, guests: 7, dbb_guests: 5, breakfasts_next_morning: 7, dbb_rooms_without_dinner_table: 1, expected_dinner_covers: 2 + 3 + 3 + 4 });
    expect(sheet.rooms.map((r: any) => [r.room_number, r.booking_id, r.dinner, r.arriving, r.departing, r.no_dinner_table, r.tables.map((t: any) => t.people)])).toEqual([
      ["1", "101", true, true, false, false, [2]],
      ["2", "102", false, false, true, false, []],
      ["3", "103", true, false, false, true, []],
    ]);
    expect(sheet.unlinked_resident_bookings).toEqual([{ resos_booking_id: "t-resident", time: "19:30", people: 3, service: "dinner" }]);
    expect(sheet.non_resident_covers).toEqual({ breakfast: 0, lunch: 0, dinner: 4, other: 0 });
  });

  it("filters the rooms: DBB only, no table yet", async () => {
    expect((await sheetJson(NIGHT, token, "dbb")).rooms.map((r: any) => r.booking_id)).toEqual(["101", "103"]);
    expect((await sheetJson(NIGHT, token, "no-table")).rooms.map((r: any) => r.booking_id)).toEqual(["103"]);
  });

  it("on the restaurant's closed night nobody lacks a table and only what is booked is expected", async () => {
    const sheet = await sheetJson(CLOSED);
    expect(sheet.restaurant_closed).toBe(true);
    expect(sheet.totals).toMatchObject({ dbb_rooms_without_dinner_table: 0, expected_dinner_covers: 2 });
  });

  it("says a night was never synced instead of showing an empty hotel", async () => {
    const sheet = await sheetJson(NEVER_SYNCED);
    expect(sheet).toMatchObject({ date: NEVER_SYNCED, synced: false, totals: null, rooms: [] });
  });

  it("without resOS: rooms and their numbers, no tables, and null for what it cannot know", async () => {
    const sheet = await sheetJson(NIGHT, plainToken);
    expect(sheet.restaurant_connected).toBe(false);
    expect(sheet.totals).toEqual({ rooms_occupied: 3, guests: 7, dbb_guests: 5, breakfasts_next_morning: 7, dbb_rooms_without_dinner_table: null, expected_dinner_covers: null });
    expect(sheet.rooms.every((r: any) => r.tables.length === 0 && r.no_dinner_table === false)).toBe(true);
    // Names are off in this kitchen.
    expect(JSON.stringify(sheet)).not.toContain("Longsurname");
  });

  it("gives a room's dietary needs only where the kitchen shows names; the night's count stays", async () => {
    expect((await sheetJson(NIGHT)).rooms.find((r: any) => r.booking_id === "101").dietary).toEqual(["Vegan"]);
    await env.DB.prepare("UPDATE kitchens SET show_guest_names = 0 WHERE id = ?").bind(kitchenId).run();
    try {
      const hidden = await sheetJson(NIGHT);
      expect(hidden.rooms.every((r: any) => r.dietary.length === 0 && !("surname" in r))).toBe(true);
      const html = await (await request(`/k/sheet-inn/tonight?date=${NIGHT}`, { cookie: managerCookie })).text();
      expect(html).not.toContain("Longsurname");
      expect(html).not.toContain("sheet-dietary");
      const chart = await (await request(`/api/residents-table-chart?start_date=${NIGHT}&nights=1`, { headers: { authorization: `Bearer ${token}` } })).json<any>();
      expect(chart.nights[NIGHT].dietary).toEqual({ Vegan: 1 });
    } finally {
      await env.DB.prepare("UPDATE kitchens SET show_guest_names = 1 WHERE id = ?").bind(kitchenId).run();
    }
  });

  it("refuses a date or filter it cannot read, saying which", async () => {
    for (const [query, field] of [["date=2026-02-30", "date"], ["filter=everyone", "filter"]] as const) {
      const response = await request(`/api/service-sheet?${query}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field });
    }
  });

  it("is never kept by a browser", async () => {
    const response = await request(`/api/service-sheet?date=${NIGHT}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("the Tonight page", () => {
  const page = async (query: string, cookie = managerCookie) => {
    const response = await request(`/k/sheet-inn/tonight${query}`, { cookie });
    return { status: response.status, html: await response.text(), cacheControl: response.headers.get("cache-control") };
  };

  it("shows the night's numbers, the rooms with their tables and the room still to chase", async () => {
    const logged = () => env.DB.prepare("SELECT count(*) AS n FROM pii_access_log WHERE kitchen_id = ? AND view = 'tonight'").bind(kitchenId).first<{ n: number }>();
    const before = (await logged())!.n;
    const { status, html, cacheControl } = await page(`?date=${NIGHT}`);
    // Names shown are a view of personal data, logged.
    expect((await logged())!.n).toBe(before + 1);
    expect(status).toBe(200);
    expect(cacheControl).toBe("no-store");
    expect(html).toContain("DBB rooms, no dinner table");
    expect(html).toContain("Longsurname-101");
    expect(html).toMatch(/<tr class="untabled"><th scope="row">3<\/th>/);
    expect(html).toContain("19:30 · 2 covers · table 7");
    expect(html).toContain("1 resident table with no stay found");
    expect(html).toContain("Non-resident covers: dinner 4.");
  });

  it("filters without JavaScript, by plain links", async () => {
    const { html } = await page(`?date=${NIGHT}&filter=no-table`);
    expect(html).toContain('aria-current="page">No table yet (1)</a>');
    expect(html).not.toContain("Longsurname-101");
    expect(html).toContain("Longsurname-103");
  });

  it("on a night never synced says so, and offers an admin the sync of that night", async () => {
    const manager = await page(`?date=${NEVER_SYNCED}`);
    // A night of another year than the kitchen's today says which year.
    const nextYear = Number(new Date().getUTCFullYear()) + 1;
    expect((await page(`?date=${nextYear}-01-04`)).html).toMatch(new RegExp(`<p class="sheet-date no-print">\\w+day 4 January ${nextYear}</p>`));
    expect(manager.html).toContain("This night has not been synced yet");
    expect(manager.html).toContain("Ask an admin of this kitchen to sync it.");
    const admin = await page(`?date=${NEVER_SYNCED}`, adminCookie);
    expect(admin.html).toContain(`href="/k/sheet-inn/settings?sync_from=${NEVER_SYNCED}&amp;sync_to=${NEVER_SYNCED}#sync-section"`);
    const settings = await (await request(`/k/sheet-inn/settings?sync_from=${NEVER_SYNCED}&sync_to=${NEVER_SYNCED}`, { cookie: adminCookie })).text();
    expect(settings).toContain(`name="date_from" required="" value="${NEVER_SYNCED}"`);
  });

  it("answers a date it cannot read with a page that says why", async () => {
    const { status, html } = await page("?date=tomorrow");
    expect(status).toBe(400);
    expect(html).toMatch(/<p class="alert" role="alert">date [^<]*YYYY-MM-DD[^<]*<\/p>/);
    expect(html).toContain("Show tonight");
  });

  it("is first in the kitchen's navigation", async () => {
    const { html } = await page("");
    expect(html.indexOf('href="/k/sheet-inn/tonight"')).toBeLessThan(html.indexOf('href="/k/sheet-inn/chart"'));
  });
});

describe("the dashboard's arrivals", () => {
  it("list each day's arriving rooms, with names when the kitchen shows them, and link to that night's sheet", async () => {
    const today = todayInZone("Europe/London", new Date());
    await stayNight(kitchenId, today, "201", "s2", { dinner: false, arrival: today, surname: "Featherstonehaugh" });
    await stayNight(kitchenId, today, "202", "s1", { dinner: true, arrival: today, surname: "Ng" });
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM pii_access_log WHERE kitchen_id = ? AND view = 'dashboard'").bind(kitchenId).first<{ n: number }>())!.n;
    const html = await (await request("/k/sheet-inn", { cookie: managerCookie })).text();
    expect(html).toContain('<span class="arrival-rooms">Room 1 Ng, Room 2 Featherstonehaugh</span>');
    expect(html).toContain(`href="/k/sheet-inn/tonight?date=${today}">Tonight&#39;s sheet</a>`);
    // Names shown are a view of personal data, logged like the chart's.
    const after = (await env.DB.prepare("SELECT count(*) AS n FROM pii_access_log WHERE kitchen_id = ? AND view = 'dashboard'").bind(kitchenId).first<{ n: number }>())!.n;
    expect(after).toBe(before + 1);
  });
});

describe("pages with guests on them", () => {
  it.each(["/k/sheet-inn", "/k/sheet-inn/tonight", `/k/sheet-inn/chart?start=${NIGHT}&nights=3`, "/k/sheet-inn/chart/stay/101", "/k/sheet-inn/settings", "/k/sheet-inn/history"])(
    "%s is never kept by a browser or a proxy, and varies by who is signed in",
    async (path) => {
      const response = await request(path, { cookie: adminCookie });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("vary") ?? "").toMatch(/\bCookie\b/);
    },
  );

  it.each(["/api/service-sheet", `/api/residents-table-chart?start_date=${NIGHT}&nights=3`, `/api/resos/bookings/${NIGHT}`])("%s is never kept either", async (path) => {
    const response = await request(path, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
