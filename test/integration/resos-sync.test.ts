// A kitchen's run with both sources end to end in workerd: the Newbook and resOS simulators
// (same seed, so the restaurant's residents are the hotel's guests) answer, real D1 stores,
// and the chart, its JSON, the day's table list and the dashboard read what was written.
// The tables of the days under test are the test's own: the restaurant's generated ones on
// those days are cancelled first, so every number below follows from what is set up here.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, todayInZone } from "../../src/domain/dates";
import { CallPacer } from "../../src/net/call-pacer";
import { createNewbookSimulator, type NewbookSimulator } from "../../src/newbook/simulator";
import { createResosSimulator, RESOS_SIMULATOR_API_KEY, type ResosSimulator } from "../../src/resos/simulator";
import { cancelRun } from "../../src/sync/run-control";
import type { SyncDependencies } from "../../src/sync/sources";
import { connectNewbook, connectResos, countRows, createApiToken, createKitchen, createUser, request, runToEnd, signIn } from "./helpers";

const NOW = new Date();
const TODAY = todayInZone("Europe/London", NOW);
const LAST = addDays(TODAY, 2);
const SEED = 31;
const ROOMS = 30;
const PASSWORD = "correct horse battery staple";
let newbook: NewbookSimulator;
let resos: ResosSimulator;
let kitchenId: number;
let token: string;
let cookie: string;

const deps = (): SyncDependencies => ({
  now: () => NOW,
  fetch: (r) => newbook.fetch(r),
  resosFetch: (r) => resos.fetch(r),
  pacer: new CallPacer({ now: () => 0, sleep: async () => {} }, Number.MAX_SAFE_INTEGER),
});

const sync = (extra: Partial<SyncDependencies> = {}) => runToEnd(kitchenId, "manual", { from: TODAY, to: LAST }, { ...deps(), ...extra }, { resos: true });

async function resosControl<T>(path: string, body: unknown = {}, method = "POST"): Promise<T> {
  const response = await resos.fetch(new Request(`http://resos.test/__control/${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
  expect(response.ok, `${path}: ${response.status} ${await response.clone().text()}`).toBe(true);
  return response.json<T>();
}

/** The restaurant's bookings of a day, read from the simulator as a client would. */
async function resosBookingsOn(date: string): Promise<{ _id: string; date: string; status: string }[]> {
  const all: { _id: string; date: string; status: string }[] = [];
  for (let skip = 0; ; skip += 100) {
    const response = await resos.fetch(
      new Request(`http://resos.test/v1/bookings?fromDateTime=${date}T00:00:00&toDateTime=${date}T23:59:59&limit=100&skip=${skip}`, {
        headers: { authorization: `Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:`)}` },
      }),
    );
    const page = await response.json<{ _id: string; date: string; status: string }[]>();
    all.push(...page);
    if (page.length < 100) return all.filter((booking) => booking.date === date);
  }
}

interface StayRow {
  booking_id: string;
  room_name: string | null;
  adults: number;
  children: number;
  dinner: number;
  lead_last_name: string | null;
}

async function staysOn(night: string): Promise<StayRow[]> {
  return (
    await env.DB.prepare("SELECT booking_id, room_name, adults, children, dinner, lead_last_name FROM room_nights WHERE kitchen_id = ? AND night = ? AND room_name IS NOT NULL ORDER BY booking_id")
      .bind(kitchenId, night)
      .all<StayRow>()
  ).results;
}

interface ChartJson {
  restaurant_connected: boolean;
  rooms: { room_number: string | null; bookings: { booking_id: string; restaurant_bookings: Record<string, { has_booking: boolean; time: string | null; people: number | null; link: string | null; bookings: { status: string; service: string }[] }> }[] }[];
  summary: { nights_with_restaurant: number | null; coverage_percentage: number | null; total_room_nights: number };
  nights: Record<string, { dbb_rooms: number; dbb_rooms_without_dinner_table: number; dbb_guests_without_dinner_table: number; dinner_resident_covers: number; dinner_non_resident_covers: number; expected_dinner_covers: number; dietary: Record<string, number>; restaurant_closed: boolean }>;
}

async function chartJson(): Promise<ChartJson> {
  const response = await request(`/api/residents-table-chart?start_date=${TODAY}&nights=3`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.json<ChartJson>();
}

function stayNight(chart: ChartJson, bookingId: string, night: string) {
  const booking = chart.rooms.flatMap((room) => room.bookings).find((candidate) => candidate.booking_id === bookingId);
  if (!booking) throw new Error(`booking ${bookingId} is not on the chart`);
  return booking.restaurant_bookings[night];
}

const guests = (stay: StayRow) => stay.adults + stay.children;

// The cast of tonight, picked from the hotel once its stays are synced.
let dbbWithDinner: StayRow;
let dbbWithLunchOnly: StayRow;
let dbbNoShow: StayRow;
let dbbPending: StayRow;
let roomNoteGuest: StayRow;
let dbbTonight: StayRow[];
let dinnerTableId: string;

beforeAll(async () => {
  newbook = createNewbookSimulator({ seed: SEED, rooms: ROOMS, today: TODAY });
  resos = createResosSimulator({ seed: SEED, rooms: ROOMS, today: TODAY });
  kitchenId = await createKitchen("tables-inn", "Tables Inn");
  await connectNewbook(kitchenId);
  await connectResos(kitchenId);
  token = (await createApiToken(kitchenId, "manager")).token;
  await createUser("tables-admin@example.com", PASSWORD, [{ kitchenId, role: "admin" }]);
  cookie = await signIn("tables-admin@example.com", PASSWORD);

  for (let date = TODAY; date <= LAST; date = addDays(date, 1)) {
    for (const booking of await resosBookingsOn(date)) {
      if (booking.status !== "canceled") await resosControl(`bookings/${booking._id}/cancel`);
    }
  }
  expect((await sync()).status).toBe("success");

  dbbTonight = (await staysOn(TODAY)).filter((stay) => stay.dinner === 1);
  const others = (await staysOn(TODAY)).filter((stay) => stay.dinner === 0);
  expect(dbbTonight.length).toBeGreaterThanOrEqual(4);
  expect(others.length).toBeGreaterThanOrEqual(1);
  [dbbWithDinner, dbbWithLunchOnly, dbbNoShow, dbbPending] = dbbTonight as [StayRow, StayRow, StayRow, StayRow];
  roomNoteGuest = others[0]!;

  dinnerTableId = (
    await resosControl<{ _id: string }>("bookings", {
      date: TODAY, time: "19:30", people: 2, status: "approved", booking_number: ` #${dbbWithDinner.booking_id} `, hotel_guest: true, dietary: ["Vegan"],
    })
  )._id;
  await resosControl("bookings", { date: TODAY, time: "12:30", people: 2, status: "seated", booking_number: dbbWithLunchOnly.booking_id, hotel_guest: true });
  await resosControl("bookings", { date: TODAY, time: "19:00", people: 2, status: "no_show", booking_number: dbbNoShow.booking_id, hotel_guest: true });
  await resosControl("bookings", { date: TODAY, time: "20:00", people: 2, status: "request", booking_number: dbbPending.booking_id, hotel_guest: true });
  await resosControl("bookings", { date: TODAY, time: "19:45", people: 3, status: "approved", notes: [`Room ${roomNoteGuest.room_name}, resident`], dietary: ["vegan", "Nut allergy"] });
  await resosControl("bookings", { date: TODAY, time: "20:15", people: 4, status: "arrived", hotel_guest: false, guest: { name: "Walk In" } });
  expect((await sync()).status).toBe("success");
});

describe("a run of both sources", () => {
  it("stores every table booking of the days, whatever its status, and detects the mapping from the field names", async () => {
    expect(await countRows("table_bookings", "kitchen_id = ? AND date = ? AND status <> 'canceled'", kitchenId, TODAY)).toBe(6);
    const mapping = await env.DB.prepare("SELECT booking_number_field_id, hotel_guest_field_id, restaurant_read_at FROM resos_connections WHERE kitchen_id = ?").bind(kitchenId).first<Record<string, string | null>>();
    expect(mapping?.booking_number_field_id).not.toBeNull();
    expect(mapping?.hotel_guest_field_id).not.toBeNull();
    expect(mapping?.restaurant_read_at).not.toBeNull();
  });

  it("links each table to its stay and keeps lunch apart from dinner", async () => {
    const chart = await chartJson();
    expect(chart.restaurant_connected).toBe(true);
    expect(stayNight(chart, dbbWithDinner.booking_id, TODAY)).toMatchObject({ has_booking: true, time: "19:30", people: 2, link: "booking_number" });
    expect(stayNight(chart, dbbWithLunchOnly.booking_id, TODAY)).toMatchObject({ has_booking: true, time: "12:30" });
    expect(stayNight(chart, dbbNoShow.booking_id, TODAY)?.has_booking).toBe(false);
    // The restaurant's own tables of that stay were cancelled above: every status is listed, the pending one among them.
    expect(stayNight(chart, dbbPending.booking_id, TODAY)).toMatchObject({ has_booking: false, bookings: expect.arrayContaining([expect.objectContaining({ status: "request" })]) });
    expect(stayNight(chart, roomNoteGuest.booking_id, TODAY)).toMatchObject({ has_booking: true, time: "19:45", link: "room_note" });
  });

  it("counts tonight's covers: resident tables, DBB rooms still without a dinner table, non-residents", async () => {
    const night = (await chartJson()).nights[TODAY]!;
    const untabled = dbbTonight.filter((stay) => stay.booking_id !== dbbWithDinner.booking_id);
    expect(night).toMatchObject({
      dbb_rooms: dbbTonight.length,
      dbb_rooms_without_dinner_table: untabled.length,
      dbb_guests_without_dinner_table: untabled.reduce((sum, stay) => sum + guests(stay), 0),
      dinner_resident_covers: 2 + 3,
      dinner_non_resident_covers: 4,
      expected_dinner_covers: 2 + 3 + untabled.reduce((sum, stay) => sum + guests(stay), 0) + 4,
      dietary: { Vegan: 2, "Nut allergy": 1 },
      restaurant_closed: false,
    });
  });

  it("draws the tables on the chart and flags the DBB rooms without one", async () => {
    const html = await (await request(`/k/tables-inn/chart?start=${TODAY}&nights=3`, { cookie })).text();
    expect(html).toContain("19:30·2");
    expect(html).toContain("?20:00·2");
    expect(html).toContain("DBB rooms without a dinner table");
    expect(html.match(/class="notable"/g)?.length).toBeGreaterThanOrEqual(dbbTonight.length - 1);
  });

  it("shows the dashboard's arrivals and tonight's DBB rooms without a dinner table", async () => {
    const html = await (await request("/k/tables-inn", { cookie })).text();
    const untabled = dbbTonight.length - 1;
    expect(html).toContain(`${untabled} DBB room${untabled === 1 ? "" : "s"} without a dinner table tonight`);
    expect(html).toContain("Stays from Newbook, tables from resOS.");
    expect(html).toMatch(/\d+ have booked/);
  });

  it("lists a day's tables with their links", async () => {
    const response = await request(`/api/resos/bookings/${TODAY}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const day = await response.json<{ bookings: { resos_booking_id: string; links: { booking_id: string; link: string }[]; counts_as_table: boolean }[] }>();
    expect(day.bookings.find((booking) => booking.resos_booking_id === dinnerTableId)).toMatchObject({
      counts_as_table: true,
      links: [{ booking_id: dbbWithDinner.booking_id, link: "booking_number" }],
    });
  });
});

describe("changes upstream", () => {
  it("takes a table cancelled in resOS off the chart at the next sync", async () => {
    await resosControl(`bookings/${dinnerTableId}/cancel`);
    expect((await sync()).status).toBe("success");
    const chart = await chartJson();
    expect(stayNight(chart, dbbWithDinner.booking_id, TODAY)?.has_booking).toBe(false);
    expect(chart.nights[TODAY]!.dbb_rooms_without_dinner_table).toBe(dbbTonight.length);
  });

  it("ends partial when resOS fails: the fresh stays are kept, the tables stay as they were, the failure counts", async () => {
    const tablesBefore = await env.DB.prepare("SELECT resos_booking_id, status, sync_run_id FROM table_bookings WHERE kitchen_id = ? ORDER BY resos_booking_id").bind(kitchenId).all();
    const failuresBefore = (await env.DB.prepare("SELECT consecutive_failures AS n FROM sync_settings WHERE kitchen_id = ?").bind(kitchenId).first<{ n: number }>())!.n;
    await resosControl("faults", { kind: "500", count: 5 });
    const run = await sync();
    expect(run.status).toBe("partial");
    expect(run.error_message).toMatch(/resOS/);
    const tablesAfter = await env.DB.prepare("SELECT resos_booking_id, status, sync_run_id FROM table_bookings WHERE kitchen_id = ? ORDER BY resos_booking_id").bind(kitchenId).all();
    expect(tablesAfter.results).toEqual(tablesBefore.results);
    expect(await countRows("daily_occupancy", "kitchen_id = ? AND sync_run_id = ?", kitchenId, run.id)).toBe(3);
    const schedule = await env.DB.prepare("SELECT consecutive_failures AS n, last_sync_status AS status FROM sync_settings WHERE kitchen_id = ?").bind(kitchenId).first<{ n: number; status: string }>();
    expect(schedule).toEqual({ n: failuresBefore + 1, status: "partial" });
    await resosControl("faults", {}, "DELETE");
  });
});

describe("every way resOS fails", () => {
  const tables = () => env.DB.prepare("SELECT resos_booking_id, date, time, people, status, sync_run_id FROM table_bookings WHERE kitchen_id = ? ORDER BY resos_booking_id").bind(kitchenId).all();

  it.each([
    [{ kind: "500" }, /resOS answered .* HTTP 500/],
    [{ kind: "401" }, /resOS rejected the API key/],
    [{ kind: "throttled", retry_after_ms: 1500 }, /resOS is limiting requests/],
    [{ kind: "html" }, /not JSON \(text\/html\)/],
    [{ kind: "hang" }, /resOS did not answer/],
  ])("%j: the run is partial, says so in words, and the tables stay as they were", async (fault, message) => {
    const before = await tables();
    await resosControl("faults", { count: 20, ...fault });
    const run = await sync({ timeoutMs: 300 });
    await resosControl("faults", {}, "DELETE");
    expect(run.status).toBe("partial");
    expect(run.error_message).toMatch(message);
    expect((await tables()).results).toEqual(before.results);
  });

  it("a failure on the second page of bookings: the run is partial and no page of the chunk is written", async () => {
    // The chunk's window (a day wider each side) must hold more than one page of 100 whatever
    // the day of the week: a busy last night makes sure of it.
    await resosControl("busy-day", { date: LAST, count: 130 });
    expect((await resosBookingsOn(LAST)).length).toBeGreaterThan(100);
    const before = await tables();
    await resosControl("faults", { count: 20, kind: "page", page: 2 });
    const run = await sync({ timeoutMs: 300 });
    await resosControl("faults", {}, "DELETE");
    expect(run.status).toBe("partial");
    expect(run.error_message).toMatch(/resOS answered \/bookings with HTTP 500/);
    expect((await tables()).results).toEqual(before.results);
  });

  it("keeps the readable bookings of an answer with malformed ones, and counts the rest as warnings", async () => {
    await resosControl("faults", { kind: "bad_records" });
    const run = await sync();
    expect(run.status).toBe("success");
    expect(run.warnings).toBeGreaterThanOrEqual(2);
    // The one without a date is left out; the one with the impossible time and the one with the odd field are kept, readable.
    expect(await countRows("table_bookings", "kitchen_id = ? AND resos_booking_id LIKE 'bad%'", kitchenId)).toBe(2);
    expect(await countRows("table_bookings", "kitchen_id = ? AND resos_booking_id LIKE 'bad%' AND time IS NULL", kitchenId)).toBe(1);
  });

  it("stores every table of a day with more than 100 of them", async () => {
    await resosControl("busy-day", { date: LAST, count: 130 });
    expect((await sync()).status).toBe("success");
    expect(await countRows("table_bookings", "kitchen_id = ? AND date = ? AND status = 'approved'", kitchenId, LAST)).toBeGreaterThanOrEqual(130);
  });
});

describe("pages with guests and tables", () => {
  it.each(["/k/tables-inn", "/k/tables-inn/chart", `/k/tables-inn/chart?start=${TODAY}&nights=3`])("%s is never kept by a browser or a proxy", async (path) => {
    const response = await request(path, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("vary")).toContain("Cookie");
  });

  it("the chart's JSON and a day's tables are never kept either", async () => {
    for (const path of [`/api/residents-table-chart?start_date=${TODAY}&nights=3`, `/api/resos/bookings/${TODAY}`]) {
      const response = await request(path, { headers: { authorization: `Bearer ${token}` } });
      expect(response.headers.get("cache-control"), path).toBe("no-store");
    }
  });
});

describe("cancelling between the two sources of a chunk", () => {
  it("stops before resOS is asked: the stays are written, the tables are not touched", async () => {
    const before = await env.DB.prepare("SELECT resos_booking_id, status, sync_run_id FROM table_bookings WHERE kitchen_id = ? ORDER BY resos_booking_id").bind(kitchenId).all();
    const resosCalls = resos.callCount();
    let cancelled = false;
    const run = await sync({
      // While Newbook answers, an admin presses Cancel.
      fetch: async (request) => {
        if (!cancelled) {
          cancelled = true;
          const running = await env.DB.prepare("SELECT id FROM sync_runs WHERE kitchen_id = ? AND status = 'running'").bind(kitchenId).first<{ id: number }>();
          expect(await cancelRun(env, kitchenId, running!.id, "tables-admin@example.com")).toBe(true);
        }
        return newbook.fetch(request);
      },
    });
    expect(run.status).toBe("cancelled");
    expect(resos.callCount()).toBe(resosCalls);
    expect((await env.DB.prepare("SELECT resos_booking_id, status, sync_run_id FROM table_bookings WHERE kitchen_id = ? ORDER BY resos_booking_id").bind(kitchenId).all()).results).toEqual(before.results);
  });
});
