// Retention of guests' personal data: the daily purge (the real scheduled handler) clears
// names, contact details, notes and dietary needs of nights past each kitchen's retention,
// counted in the kitchen's own zone, and keeps every number; a sync writing such nights
// writes them without; pages holding a copy of the tables see the change; and the admin's
// personal-data page sets the retention and pages through the access log.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Bindings } from "../../src/app-env";
import { addDays } from "../../src/domain/dates";
import { RETENTION_PURGE_CRON } from "../../src/domain/retention";
import worker from "../../src/index";
import { dateWithYear } from "../../src/views/format";
import { CallPacer } from "../../src/net/call-pacer";
import { createNewbookSimulator } from "../../src/newbook/simulator";
import { browserPost, connectNewbook, connectResos, countRows, createApiToken, createKitchen, createUser, loggedLines, request, runToEnd, signIn } from "./helpers";

const handler = worker as ExportedHandler<Bindings>;
const PASSWORD = "correct horse battery staple";

/** The daily cron at `iso`, through the Worker's own scheduled handler. */
async function purgeAt(iso: string): Promise<Record<string, unknown>[]> {
  const ctx = createExecutionContext();
  return loggedLines(async () => {
    await handler.scheduled!(createScheduledController({ scheduledTime: new Date(iso).getTime(), cron: RETENTION_PURGE_CRON }), env, ctx);
    await waitOnExecutionContext(ctx);
  });
}

async function rows<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return (await env.DB.prepare(query).bind(...params).all<T>()).results;
}

/** A stay-night with a lead guest's details, as a sync stores it. */
async function addNight(kitchenId: number, night: string, bookingId: string) {
  await env.DB.prepare(
    `INSERT INTO room_nights (kitchen_id, night, booking_id, site_id, room_name, group_id, lead_first_name, lead_last_name, adults, children, infants,
       dinner, breakfast, package, arrival, departure, status, reference_id, lead_email, lead_phone)
     VALUES (?, ?, ?, 's1', '101', 'g1', 'Ada', 'Lovelace-Byron', 2, 1, 0, 1, 1, 0, ?, ?, 'confirmed', 'OTA-9', 'ada@example.com', '+44 7700 900001')`,
  )
    .bind(kitchenId, night, bookingId, night, addDays(night, 1))
    .run();
}

const FIELDS = JSON.stringify([
  { fieldId: "f-booking", name: "Booking number", values: ["B1"] },
  { fieldId: "f-diet", name: "Dietary", values: ["Coeliac"] },
  { fieldId: "f-free", name: "Occasion", values: ["Anniversary of Ada and Charles"] },
]);

async function addTable(kitchenId: number, date: string, resosId: string) {
  await env.DB.prepare(
    `INSERT INTO table_bookings (kitchen_id, resos_booking_id, date, time, people, status, table_names, area_name, guest_name, guest_phone, guest_email, notes_json, fields_json)
     VALUES (?, ?, ?, '19:30', 3, 'accepted', 'T4', 'Main', 'Ada Lovelace', '+44 7700 900001', 'ada@example.com', '["Window seat, nut allergy"]', ?)`,
  )
    .bind(kitchenId, resosId, date, FIELDS)
    .run();
}

async function mapFields(kitchenId: number) {
  await env.DB.prepare("UPDATE resos_connections SET booking_number_field_id = 'f-booking', dietary_field_ids = '[\"f-diet\"]' WHERE kitchen_id = ?").bind(kitchenId).run();
}

interface NightRow {
  night: string;
  lead_first_name: string | null;
  lead_last_name: string | null;
  lead_email: string | null;
  lead_phone: string | null;
  adults: number;
  children: number;
  dinner: number;
  breakfast: number;
  room_name: string | null;
  reference_id: string | null;
}

const nightsOf = (kitchenId: number) => rows<NightRow>("SELECT * FROM room_nights WHERE kitchen_id = ? ORDER BY night", kitchenId);

interface TableRow {
  date: string;
  people: number;
  status: string;
  table_names: string | null;
  guest_name: string | null;
  guest_phone: string | null;
  guest_email: string | null;
  notes_json: string;
  fields_json: string;
}

const tablesOf = (kitchenId: number) => rows<TableRow>("SELECT * FROM table_bookings WHERE kitchen_id = ? ORDER BY date", kitchenId);

// 12:00 UTC on 2 December: still the 2nd in London, already the 3rd in Auckland (UTC+13).
const NOON_UTC = "2026-12-02T12:00:00.000Z";
// 90 days before each kitchen's today: the first night it keeps.
const LONDON_KEEPS_FROM = "2026-09-03";
const AUCKLAND_KEEPS_FROM = "2026-09-04";

describe("the daily purge", () => {
  let london: number;
  let auckland: number;

  beforeAll(async () => {
    london = await createKitchen("retention-london", "London Grill", "Europe/London");
    auckland = await createKitchen("retention-auckland", "Auckland Kitchen", "Pacific/Auckland");
    for (const kitchenId of [london, auckland]) {
      await connectResos(kitchenId);
      await mapFields(kitchenId);
      for (const [index, night] of ["2026-09-02", "2026-09-03", "2026-09-04", "2026-12-02"].entries()) {
        await addNight(kitchenId, night, `B${index}`);
        await addTable(kitchenId, night, `R${index}`);
      }
    }
  });

  it("clears the nights before the kitchen's cutoff, counted in its own zone, and logs what it did", async () => {
    const totalsBefore = await rows("SELECT * FROM daily_occupancy ORDER BY kitchen_id, date");
    const lines = await purgeAt(NOON_UTC);

    const named = async (kitchenId: number) => (await nightsOf(kitchenId)).filter((n) => n.lead_last_name !== null).map((n) => n.night);
    // London's today is 2 December: 3 September is exactly 90 days ago and kept.
    expect(await named(london)).toEqual([LONDON_KEEPS_FROM, "2026-09-04", "2026-12-02"]);
    // Auckland's today is already 3 December: 3 September is one day too old there.
    expect(await named(auckland)).toEqual([AUCKLAND_KEEPS_FROM, "2026-12-02"]);
    const namedTables = async (kitchenId: number) => (await tablesOf(kitchenId)).filter((t) => t.guest_name !== null).map((t) => t.date);
    expect(await namedTables(london)).toEqual([LONDON_KEEPS_FROM, "2026-09-04", "2026-12-02"]);
    expect(await namedTables(auckland)).toEqual([AUCKLAND_KEEPS_FROM, "2026-12-02"]);

    const reach = await rows<{ id: number; personal_data_kept_from: string }>("SELECT id, personal_data_kept_from FROM kitchens WHERE id IN (?, ?) ORDER BY id", london, auckland);
    expect(reach).toEqual([
      { id: london, personal_data_kept_from: LONDON_KEEPS_FROM },
      { id: auckland, personal_data_kept_from: AUCKLAND_KEEPS_FROM },
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ event: "retention_purge", room_nights: 3, table_bookings: 3 }));
    expect(lines.some((line) => line.event === "cron_tick")).toBe(false);
    expect(await rows("SELECT * FROM daily_occupancy ORDER BY kitchen_id, date")).toEqual(totalsBefore);
  });

  it("keeps every number, the room and the fields that link a table to its stay", async () => {
    const [cleared] = await nightsOf(london);
    expect(cleared).toMatchObject({ night: "2026-09-02", lead_first_name: null, lead_last_name: null, lead_email: null, lead_phone: null });
    expect(cleared).toMatchObject({ adults: 2, children: 1, dinner: 1, breakfast: 1, room_name: "101", reference_id: "OTA-9" });

    const [table, kept] = await tablesOf(london);
    expect(table).toMatchObject({ date: "2026-09-02", people: 3, status: "accepted", table_names: "T4", guest_name: null, guest_phone: null, guest_email: null, notes_json: "[]" });
    // The booking number stays (the night still counts its residents' tables); dietary needs and free text go.
    expect(JSON.parse(table!.fields_json)).toEqual([{ fieldId: "f-booking", name: "Booking number", values: ["B1"] }]);
    expect(kept).toMatchObject({ date: LONDON_KEEPS_FROM, guest_name: "Ada Lovelace", notes_json: '["Window seat, nut allergy"]', fields_json: FIELDS });
  });

  it("moves on by one night the next day, and a second run the same day changes nothing", async () => {
    const before = [await nightsOf(london), await tablesOf(london)];
    const again = await purgeAt("2026-12-02T23:00:00.000Z");
    expect(again).toContainEqual(expect.objectContaining({ event: "retention_purge", kitchens: 0, room_nights: 0, table_bookings: 0 }));
    expect([await nightsOf(london), await tablesOf(london)]).toEqual(before);

    // 3 December in London: 3 September is now 91 days ago.
    await purgeAt("2026-12-03T02:30:00.000Z");
    expect((await nightsOf(london)).filter((n) => n.lead_last_name !== null).map((n) => n.night)).toEqual(["2026-09-04", "2026-12-02"]);
    expect((await tablesOf(london)).filter((t) => t.guest_name !== null).map((t) => t.date)).toEqual(["2026-09-04", "2026-12-02"]);
  });
});

describe("pages after a purge", () => {
  it("no longer show a table's guest details they had read before (the tables' version moves)", async () => {
    const kitchenId = await createKitchen("retention-pages", "Pages Kitchen");
    await connectResos(kitchenId);
    await mapFields(kitchenId);
    await env.DB.prepare("UPDATE kitchens SET show_guest_names = 1 WHERE id = ?").bind(kitchenId).run();
    const day = addDays(new Date().toISOString().slice(0, 10), -100);
    await addTable(kitchenId, day, "R-old");
    const { token } = await createApiToken(kitchenId, "manager");
    const dayTables = async () => {
      const response = await request(`/api/resos/bookings/${day}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return (await response.json<{ bookings: { guest_name?: string | null; notes?: string[] }[] }>()).bookings;
    };
    // Read twice: the second read is answered from this isolate's copy of the range.
    expect((await dayTables())[0]).toMatchObject({ guest_name: "Ada Lovelace" });
    expect((await dayTables())[0]).toMatchObject({ guest_name: "Ada Lovelace" });

    await purgeAt(new Date().toISOString());
    expect((await dayTables())[0]).toMatchObject({ guest_name: null, notes: [] });
  });
});

describe("a sync of nights past the retention", () => {
  it("writes them without the guests' details, and the kept nights with them", async () => {
    const today = "2026-03-10";
    const kitchenId = await createKitchen("retention-sync", "Sync Kitchen");
    await connectNewbook(kitchenId);
    await env.DB.prepare("UPDATE kitchens SET retention_days = 7 WHERE id = ?").bind(kitchenId).run();
    const simulator = createNewbookSimulator({ seed: 11, rooms: 20, today });
    const run = await runToEnd(
      kitchenId,
      "historical",
      { from: "2026-02-27", to: "2026-03-05" },
      {
        now: () => new Date(`${today}T12:00:00.000Z`),
        fetch: (r) => simulator.fetch(r),
        pacer: new CallPacer({ now: () => 0, sleep: async () => {} }, Number.MAX_SAFE_INTEGER),
      },
    );
    expect(run.status).toBe("success");
    const nights = await nightsOf(kitchenId);
    const old = nights.filter((n) => n.night < "2026-03-03");
    const kept = nights.filter((n) => n.night >= "2026-03-03");
    expect(old.length).toBeGreaterThan(0);
    expect(kept.length).toBeGreaterThan(0);
    expect(old.every((n) => n.lead_first_name === null && n.lead_last_name === null && n.lead_email === null && n.lead_phone === null)).toBe(true);
    expect(old.every((n) => n.adults > 0)).toBe(true);
    expect(kept.some((n) => n.lead_last_name !== null)).toBe(true);
  });
});

describe("the personal-data page", () => {
  let kitchenId: number;
  let admin: string;
  let manager: string;
  const page = (query = "", cookie = admin) => request(`/k/retention-admin/settings/personal-data${query}`, { cookie });

  beforeAll(async () => {
    kitchenId = await createKitchen("retention-admin", "Admin Kitchen");
    const other = await createKitchen("retention-other", "Other Kitchen");
    const adminId = await createUser("privacy-admin@example.com", PASSWORD, [{ kitchenId, role: "admin" }]);
    await createUser("privacy-manager@example.com", PASSWORD, [{ kitchenId, role: "manager" }]);
    const { id: tokenId } = await createApiToken(kitchenId, "manager", "pass display");
    // 120 views of this kitchen, one a minute, and some of another kitchen's that must not show.
    const statements = [];
    for (let i = 0; i < 120; i++) {
      const at = new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString();
      statements.push(
        env.DB.prepare("INSERT INTO pii_access_log (kitchen_id, user_id, api_token_id, view, date_from, date_to, accessed_at) VALUES (?, ?, ?, ?, '2026-11-01', '2026-11-07', ?)").bind(
          kitchenId,
          i % 3 === 0 ? null : adminId,
          i % 3 === 0 ? tokenId : null,
          i % 3 === 0 ? "api" : "chart",
          at,
        ),
      );
    }
    statements.push(env.DB.prepare("INSERT INTO pii_access_log (kitchen_id, user_id, view, date_from, date_to, accessed_at) VALUES (?, ?, 'chart', '2026-01-01', '2026-01-01', '2026-11-30T00:00:00.000Z')").bind(other, adminId));
    await env.DB.batch(statements);
    admin = await signIn("privacy-admin@example.com", PASSWORD);
    manager = await signIn("privacy-manager@example.com", PASSWORD);
  });

  const entryIds = (html: string) => [...html.matchAll(/data-log-id="(\d+)"/g)].map((match) => Number(match[1]));

  it("lists the kitchen's views newest first, 50 a page, with who, where and which nights, and is never cached", async () => {
    const response = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const html = await response.text();
    const ids = entryIds(html);
    expect(ids).toHaveLength(50);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(html).toContain("120 views in all");
    expect(html).toContain("Page 1 of 3");
    expect(html).toContain("privacy-admin@example.com");
    expect(html).toContain("API token &quot;pass display&quot;");
    expect(html).toContain("<td data-label=\"Nights\">Sun 1 Nov 2026 to Sat 7 Nov 2026</td>");
    expect(html).toContain("1 Nov 2026");
    expect(html).not.toContain("1 Jan 2026");
    expect(html).toContain('href="/k/retention-admin/settings/personal-data?page=2#access-log"');
    expect(html).not.toContain('rel="prev"');
  });

  it("pages through to the oldest, each entry once, and says so past the last page", async () => {
    const seen: number[] = [];
    for (const n of [1, 2, 3]) seen.push(...entryIds(await (await page(`?page=${n}`)).text()));
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    const last = await (await page("?page=3")).text();
    expect(entryIds(last)).toHaveLength(20);
    expect(last).toContain('rel="prev"');
    expect(last).not.toContain('rel="next"');

    const beyond = await page("?page=9");
    expect(beyond.status).toBe(200);
    expect(await beyond.text()).toContain("There is no page 9: the log has 3 pages.");
  });

  it.each(["?page=0", "?page=-1", "?page=abc", "?page=1e1", "?page=99999999999"])("refuses %s with a readable 400", async (query) => {
    const response = await page(query);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("page must be a page number, 1 or more");
  });

  it("is for admins: a manager is refused", async () => {
    expect((await page("", manager)).status).toBe(403);
  });

  it("saves a shorter retention and removes at once what it no longer keeps", async () => {
    const today = new Date().toISOString().slice(0, 10);
    await addNight(kitchenId, addDays(today, -40), "OLD");
    await addNight(kitchenId, addDays(today, -5), "NEW");
    const response = await browserPost("/k/retention-admin/settings/personal-data/retention", { cookie: admin, fields: { retention_days: "30" }, htmx: true });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Saved. Personal data was removed from 1 room-night and 0 tables.");
    expect(html).toContain("more than 30 days ago");
    const named = (await nightsOf(kitchenId)).map((n) => [n.night, n.lead_last_name]);
    expect(named).toEqual([
      [addDays(today, -40), null],
      [addDays(today, -5), "Lovelace-Byron"],
    ]);
    expect((await rows<{ retention_days: number }>("SELECT retention_days FROM kitchens WHERE id = ?", kitchenId))[0]!.retention_days).toBe(30);

    // Without htmx: back to the page with the notice, the new retention shown.
    const plain = await browserPost("/k/retention-admin/settings/personal-data/retention", { cookie: admin, fields: { retention_days: "45" } });
    expect(plain.status).toBe(303);
    const location = plain.headers.get("location")!;
    expect(location).toBe("/k/retention-admin/settings/personal-data?notice=retention-saved#retention-section");
    const after = await (await page("?notice=retention-saved")).text();
    expect(after).toContain('value="45"');
    expect(after).toContain("Saved.");
    // Made longer, it cannot bring back what the 30 days removed: the reach stays.
    expect(after).toContain(`Nights before ${dateWithYear(addDays(today, -30))} hold no personal data any more.`);
  });

  it.each([
    ["6", "must be a whole number of days from 7 to 3650"],
    ["3651", "must be a whole number of days from 7 to 3650"],
    ["30.5", "must be a whole number of days from 7 to 3650"],
    ["", "must be a whole number of days from 7 to 3650"],
    ["ninety", "must be a whole number of days from 7 to 3650"],
  ])("refuses %j beside the field, saving nothing", async (value, problem) => {
    const before = await rows("SELECT retention_days, personal_data_kept_from FROM kitchens WHERE id = ?", kitchenId);
    const named = await countRows("room_nights", "kitchen_id = ? AND lead_last_name IS NOT NULL", kitchenId);
    const response = await browserPost("/k/retention-admin/settings/personal-data/retention", { cookie: admin, fields: { retention_days: value }, htmx: true });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(`${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`);
    expect(html).toContain('aria-invalid="true"');
    expect(await rows("SELECT retention_days, personal_data_kept_from FROM kitchens WHERE id = ?", kitchenId)).toEqual(before);
    expect(await countRows("room_nights", "kitchen_id = ? AND lead_last_name IS NOT NULL", kitchenId)).toBe(named);
  });

  it("refuses a manager's save", async () => {
    const response = await browserPost("/k/retention-admin/settings/personal-data/retention", { cookie: manager, fields: { retention_days: "7" } });
    expect(response.status).toBe(403);
  });
});
