// A kitchen's Newbook sync end to end in workerd: the simulator answers, real D1 stores.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates";
import { CallPacer } from "../../src/net/call-pacer";
import type { SyncRunKind } from "../../src/domain/sync-run";
import { createNewbookSimulator, SIMULATOR_CREDENTIALS, type NewbookSimulator } from "../../src/newbook/simulator";
import type { SyncDependencies } from "../../src/sync/sources";
import { connectNewbook, createKitchen, runToEnd } from "./helpers";

const TODAY = "2026-03-10";
const NOW = new Date("2026-03-10T12:00:00.000Z");
let simulator: NewbookSimulator;
let kitchenCount = 0;

async function connectedKitchen(timeZone = "Europe/London"): Promise<number> {
  const id = await createKitchen(`sync-${++kitchenCount}`, `Sync Kitchen ${kitchenCount}`, timeZone);
  await connectNewbook(id);
  return id;
}

function deps(extra: Partial<SyncDependencies> = {}): SyncDependencies {
  return {
    now: () => NOW,
    fetch: (request) => simulator.fetch(request),
    pacer: new CallPacer({ now: () => 0, sleep: async () => {} }, Number.MAX_SAFE_INTEGER),
    ...extra,
  };
}

/** A run through the production pipeline, with this file's simulator and clock; its row at the end. */
async function sync(kitchenId: number, request: { from?: string; to?: string; kind?: SyncRunKind } = {}, extra: Partial<SyncDependencies> = {}) {
  const run = await runToEnd(kitchenId, request.kind ?? "manual", { from: request.from ?? TODAY, to: request.to ?? "2026-03-12" }, deps(extra));
  return { runId: run.id, status: run.status, errorMessage: run.error_message, recordsFetched: run.records_fetched };
}

async function control<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await simulator.fetch(
    new Request(`http://simulator.test/__control/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  );
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return response.json<T>();
}

/** A Newbook call straight to the simulator, as raw wire JSON: the test's independent view. */
async function raw<T>(action: string, body: Record<string, unknown> = {}): Promise<T> {
  const { username, password, apiKey, region } = SIMULATOR_CREDENTIALS;
  const response = await simulator.fetch(
    new Request(`http://simulator.test/rest/${action}`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${username}:${password}`)}`, "content-type": "application/json" },
      body: JSON.stringify({ region, api_key: apiKey, data_limit: 1000, ...body }),
    }),
  );
  return (await response.json<{ data: T }>()).data;
}

async function rows<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return (await env.DB.prepare(query).bind(...params).all<T>()).results;
}

interface NightRow {
  night: string;
  booking_id: string;
  site_id: string | null;
  dinner: number;
  breakfast: number;
  package: number;
  arrival: string;
  departure: string;
  lead_first_name: string | null;
  lead_last_name: string | null;
  adults: number;
  children: number;
}

function nightsOf(kitchenId: number, bookingId: string) {
  return rows<NightRow>("SELECT * FROM room_nights WHERE kitchen_id = ? AND booking_id = ? ORDER BY night", kitchenId, bookingId);
}

async function snapshot(kitchenId: number) {
  return {
    nights: await rows("SELECT * FROM room_nights WHERE kitchen_id = ? ORDER BY night, booking_id", kitchenId),
    totals: await rows("SELECT * FROM daily_occupancy WHERE kitchen_id = ? ORDER BY date", kitchenId),
    rooms: await rows("SELECT * FROM rooms WHERE kitchen_id = ? ORDER BY site_id", kitchenId),
  };
}

beforeEach(() => {
  simulator = createNewbookSimulator({ seed: 11, rooms: 20, today: TODAY });
});

describe("a sync", () => {
  it("stores one row per room per night with true dates, per-night meals and the lead guest", async () => {
    const kitchenId = await connectedKitchen();
    const added = await control<{ booking_id: string }>("bookings", {
      arrival: "2026-03-08",
      departure: "2026-03-14",
      adults: 2,
      children: 1,
      guests: [
        { firstname: "Zoë", lastname: "O'Brien" },
        { firstname: "Sam", lastname: "Smith" },
      ],
      dbb_nights: ["2026-03-11"],
    });
    const outcome = await sync(kitchenId);
    expect(outcome).toMatchObject({ status: "success", errorMessage: null });

    const nights = await nightsOf(kitchenId, added.booking_id);
    expect(nights.map((n) => [n.night, n.dinner, n.breakfast])).toEqual([
      ["2026-03-10", 0, 1],
      ["2026-03-11", 1, 1],
      ["2026-03-12", 0, 1],
    ]);
    expect(nights[0]).toMatchObject({ arrival: "2026-03-08", departure: "2026-03-14", lead_first_name: "Zoë", lead_last_name: "O'Brien", adults: 2, children: 1 });
  });

  it("writes exactly the nights Newbook's staying bookings hold, and totals that agree with them", async () => {
    const kitchenId = await connectedKitchen();
    const outcome = await sync(kitchenId);
    expect(outcome.status).toBe("success");

    // Independently: every staying booking's nights inside the range, from the raw wire data.
    const bookings = await raw<{ booking_id: string; booking_arrival: string; booking_departure: string; booking_status: string }[]>("bookings_list", {
      period_from: "2026-03-09 00:00:00",
      period_to: "2026-03-12 23:59:59",
      list_type: "staying",
    });
    const expected = new Set<string>();
    for (const booking of bookings) {
      if (/cancel|no.?show|quote|waitlist|owner/i.test(booking.booking_status)) continue;
      for (let night = booking.booking_arrival.slice(0, 10); night < booking.booking_departure.slice(0, 10); night = addDays(night, 1)) {
        if (night >= TODAY && night <= "2026-03-12") expected.add(`${night} ${booking.booking_id}`);
      }
    }
    const stored = await rows<{ night: string; booking_id: string }>("SELECT night, booking_id FROM room_nights WHERE kitchen_id = ?", kitchenId);
    expect(new Set(stored.map((r) => `${r.night} ${r.booking_id}`))).toEqual(expected);

    const occupancy = await raw<{ category_id: string; occupancy: Record<string, { available: string }> }[]>("reports_occupancy", {
      period_from: `${TODAY} 00:00:00`,
      period_to: "2026-03-12 23:59:59",
    });
    const totals = await rows<{ date: string; rooms_available: number; rooms_occupied: number; guests: number; dinner_guests: number; dbb_rooms: number }>(
      "SELECT * FROM daily_occupancy WHERE kitchen_id = ? ORDER BY date",
      kitchenId,
    );
    expect(totals.map((t) => t.date)).toEqual(["2026-03-10", "2026-03-11", "2026-03-12"]);
    for (const day of totals) {
      const [counted] = await rows<{ rooms: number; guests: number; dinner_guests: number; dbb: number }>(
        `SELECT count(*) AS rooms, sum(adults + children + infants) AS guests,
                sum(CASE WHEN dinner THEN adults + children + infants ELSE 0 END) AS dinner_guests, sum(dinner) AS dbb
         FROM room_nights WHERE kitchen_id = ? AND night = ?`,
        kitchenId,
        day.date,
      );
      expect(day).toMatchObject({ rooms_occupied: counted!.rooms, guests: counted!.guests, dinner_guests: counted!.dinner_guests, dbb_rooms: counted!.dbb });
      expect(day.rooms_available).toBe(occupancy.reduce((sum, c) => sum + Number(c.occupancy[day.date]?.available ?? 0), 0));
    }

    const sites = await raw<{ site_id: string }[]>("sites_list");
    const rooms = await rows<{ name: string }>("SELECT name FROM rooms WHERE kitchen_id = ? ORDER BY sort_order", kitchenId);
    expect(rooms).toHaveLength(sites.length);
    const numeric = rooms.map((r) => r.name).filter((name) => /^\d+$/.test(name));
    expect(numeric).toEqual([...numeric].sort((a, b) => Number(a) - Number(b)));

    const [run] = await rows<{ status: string; api_calls: number; records_fetched: number; rows_written: number; kind: string }>(
      "SELECT * FROM sync_runs WHERE id = ?",
      outcome.runId,
    );
    expect(run).toMatchObject({ status: "success", kind: "manual", api_calls: 4, records_fetched: bookings.length, rows_written: sites.length + stored.length + 3 });
  });

  it("shows a cancellation, a room move and a shortened stay after the next sync", async () => {
    simulator.reset({ rooms: 80 }); // enough rooms that one is free for the move
    const kitchenId = await connectedKitchen();
    const stay = { arrival: "2026-03-10", departure: "2026-03-13" };
    const cancelled = await control<{ booking_id: string }>("bookings", stay);
    const moved = await control<{ booking_id: string; booking: { site_id: string } }>("bookings", stay);
    const shortened = await control<{ booking_id: string }>("bookings", stay);
    await sync(kitchenId);
    expect(await nightsOf(kitchenId, cancelled.booking_id)).toHaveLength(3);

    const busy = new Set((await rows<{ site_id: string }>("SELECT DISTINCT site_id FROM room_nights WHERE kitchen_id = ? AND site_id IS NOT NULL", kitchenId)).map((r) => r.site_id));
    const freeSite = (await rows<{ site_id: string }>("SELECT site_id FROM rooms WHERE kitchen_id = ?", kitchenId)).map((r) => r.site_id).find((id) => !busy.has(id));
    expect(freeSite).toBeDefined();

    await control(`bookings/${cancelled.booking_id}/cancel`);
    await control(`bookings/${moved.booking_id}/move`, { site_id: freeSite });
    await control(`bookings/${shortened.booking_id}/modify`, { departure: "2026-03-11" });
    expect((await sync(kitchenId)).status).toBe("success");

    expect(await nightsOf(kitchenId, cancelled.booking_id)).toEqual([]);
    expect((await nightsOf(kitchenId, moved.booking_id)).map((n) => n.site_id)).toEqual([freeSite, freeSite, freeSite]);
    const short = await nightsOf(kitchenId, shortened.booking_id);
    expect(short.map((n) => n.night)).toEqual(["2026-03-10"]);
    expect(short[0]!.departure).toBe("2026-03-11");
  });
});

describe("a failed sync", () => {
  it("leaves the previous rows exactly as they were when page 2 of 3 fails", async () => {
    const kitchenId = await connectedKitchen();
    const first = await sync(kitchenId);
    const pageSize = Math.ceil(first.recordsFetched / 3);
    expect(first.recordsFetched).toBeGreaterThanOrEqual(3);
    const before = await snapshot(kitchenId);

    const victim = (before.nights[0] as { booking_id: string }).booking_id;
    await control(`bookings/${victim}/cancel`);
    await control("faults", { kind: "page", page: 2 });
    const failed = await sync(kitchenId, {}, { pageSize });
    expect(failed.status).toBe("failed");
    expect(failed.errorMessage).toContain("HTTP 500");
    expect(await snapshot(kitchenId)).toEqual(before);

    const [settings] = await rows<{ last_sync_status: string; last_error_message: string }>("SELECT * FROM sync_settings WHERE kitchen_id = ?", kitchenId);
    expect(settings!.last_sync_status).toBe("failed");
    expect(settings!.last_error_message).toContain("HTTP 500");
    const [run] = await rows<{ status: string; error_message: string; chunks_done: number }>("SELECT * FROM sync_runs WHERE id = ?", failed.runId);
    expect(run).toMatchObject({ status: "failed", chunks_done: 0 });

    // The next good sync catches up.
    expect((await sync(kitchenId, {}, { pageSize })).status).toBe("success");
    expect(await nightsOf(kitchenId, victim)).toEqual([]);
    const [after] = await rows<{ last_sync_status: string; last_error_message: string | null }>("SELECT * FROM sync_settings WHERE kitchen_id = ?", kitchenId);
    expect(after).toMatchObject({ last_sync_status: "success", last_error_message: null });
  });

  it("records why, without secrets, when Newbook refuses the credentials", async () => {
    const kitchenId = await connectedKitchen();
    await control("faults", { kind: "401" });
    const outcome = await sync(kitchenId);
    expect(outcome).toMatchObject({ status: "failed", errorMessage: "Newbook rejected the username/password." });
    expect(outcome.errorMessage).not.toContain(SIMULATOR_CREDENTIALS.password);
  });

  it("says when the kitchen has no Newbook connection", async () => {
    const kitchenId = await createKitchen("sync-unconnected", "Unconnected");
    const outcome = await sync(kitchenId);
    expect(outcome.status).toBe("failed");
    expect(outcome.errorMessage).toContain("Newbook is not connected");
  });
});

describe("locked past days", () => {
  it("are rewritten only by a historical sync", async () => {
    const kitchenId = await connectedKitchen();
    expect((await sync(kitchenId, { from: "2026-03-05", to: "2026-03-12", kind: "historical" })).status).toBe("success");
    const past = () => rows("SELECT * FROM room_nights WHERE kitchen_id = ? AND night < ? ORDER BY night, booking_id", kitchenId, TODAY);
    const pastTotals = () => rows("SELECT * FROM daily_occupancy WHERE kitchen_id = ? AND date < ? ORDER BY date", kitchenId, TODAY);
    const before = { nights: await past(), totals: await pastTotals() };
    expect(before.totals).toHaveLength(5);

    const victim = (before.nights[0] as { booking_id: string; departure: string }).booking_id;
    await control(`bookings/${victim}/cancel`);

    const manual = await sync(kitchenId, { from: "2026-03-05", to: "2026-03-12", kind: "manual" });
    expect(manual.status).toBe("success");
    expect(await past()).toEqual(before.nights);
    expect(await pastTotals()).toEqual(before.totals);

    expect((await sync(kitchenId, { from: "2026-03-05", to: "2026-03-12", kind: "historical" })).status).toBe("success");
    expect((await past()).some((n) => (n as { booking_id: string }).booking_id === victim)).toBe(false);
  });

  it("'today' is the kitchen's own, across midnight UTC", async () => {
    // 11:30 UTC on 10 March is already 00:30 on 11 March in Auckland (NZDT, UTC+13).
    const lateUtc = new Date("2026-03-10T11:30:00.000Z");
    const auckland = await connectedKitchen("Pacific/Auckland");
    const london = await connectedKitchen("Europe/London");
    expect((await sync(auckland, { from: "2026-03-10", to: "2026-03-12" }, { now: () => lateUtc })).status).toBe("success");
    expect((await sync(london, { from: "2026-03-10", to: "2026-03-12" }, { now: () => lateUtc })).status).toBe("success");
    const firstNight = async (kitchenId: number) => (await rows<{ date: string }>("SELECT min(date) AS date FROM daily_occupancy WHERE kitchen_id = ?", kitchenId))[0]!.date;
    expect(await firstNight(auckland)).toBe("2026-03-11");
    expect(await firstNight(london)).toBe("2026-03-10");
  });
});
