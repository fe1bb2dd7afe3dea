import { describe, expect, it } from "vitest";
import { NewbookBooking, NewbookOccupancyCategory, NewbookSite } from "../../src/newbook/schemas";
import { createNewbookSimulator, type NewbookSimulator, SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";

const TODAY = "2026-11-21";
const { username, password, region, apiKey } = SIMULATOR_CREDENTIALS;
const EVERYTHING = { list_type: "all", period_from: "2000-01-01 00:00:00", period_to: "2100-01-01 00:00:00" };

interface Page {
  success: string;
  data: Record<string, unknown>[];
  data_total: number;
  data_count: number;
}

async function call(sim: NewbookSimulator, action: string, fields: Record<string, unknown>): Promise<{ status: number; body: Page }> {
  const response = await sim.fetch(
    new Request(`http://sim/rest/${action}`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${username}:${password}`)}` },
      body: JSON.stringify({ region, api_key: apiKey, ...fields }),
    }),
  );
  return { status: response.status, body: await response.json() };
}

/** Every page of a bookings_list, as a client would fetch it. */
async function allBookings(sim: NewbookSimulator, fields: Record<string, unknown>): Promise<NewbookBooking[]> {
  const bookings: NewbookBooking[] = [];
  for (let offset = 0; ; ) {
    const { body } = await call(sim, "bookings_list", { ...fields, data_offset: offset, data_limit: 1000 });
    bookings.push(...body.data.map((row) => NewbookBooking.parse(row)));
    offset += body.data_count;
    if (body.data_count === 0 || offset >= body.data_total) return bookings;
  }
}

const idsOf = (bookings: { booking_id: string }[]) => bookings.map((booking) => booking.booking_id);
/** The date part of a "YYYY-MM-DD HH:MM:SS" field, including fields our schema passes through untyped. */
const dateOf = (timestamp: unknown) => String(timestamp ?? "").slice(0, 10);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe("Newbook simulator: bookings_list paging", () => {
  const sim = createNewbookSimulator({ seed: 5, rooms: 60, today: TODAY });
  const fortnight = { list_type: "staying", period_from: `${TODAY} 00:00:00`, period_to: `${addDays(TODAY, 13)} 23:59:59` };

  it("pages in booking_id order with data_total of all matches and data_count of this page", async () => {
    const total = (await call(sim, "bookings_list", { ...fortnight, data_limit: 1 })).body.data_total;
    expect(total).toBeGreaterThan(150);
    const limit = Math.ceil(total / 3);
    const pages = [];
    for (const offset of [0, limit, 2 * limit, 3 * limit]) {
      pages.push((await call(sim, "bookings_list", { ...fortnight, data_offset: offset, data_limit: limit })).body);
    }
    expect(pages.map((page) => page.data_total)).toEqual([total, total, total, total]);
    expect(pages.map((page) => page.data_count)).toEqual([limit, limit, total - 2 * limit, 0]);
    expect(pages.map((page) => page.data.length)).toEqual(pages.map((page) => page.data_count));
    const ids = pages.flatMap((page) => page.data.map((row) => Number(row.booking_id)));
    expect(ids).toHaveLength(total);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(total);
  });

  it("sends 100 rows when no data_limit is given and reads offsets and limits sent as strings", async () => {
    const first = (await call(sim, "bookings_list", fortnight)).body;
    expect(first.data_count).toBe(100);
    const second = (await call(sim, "bookings_list", { ...fortnight, data_offset: "100", data_limit: "100" })).body;
    expect(second.data[0]!.booking_id).not.toBe(first.data[99]!.booking_id);
    expect(Number(second.data[0]!.booking_id)).toBeGreaterThan(Number(first.data[99]!.booking_id));
  });

  it("answers HTTP 412 to a list_type it does not know", async () => {
    const { status, body } = await call(sim, "bookings_list", { ...fortnight, list_type: "in_house" });
    expect(status).toBe(412);
    expect(body.success).toBe("false");
  });

  it('answers success "false" to a missing or malformed period', async () => {
    for (const period of [{ period_to: TODAY }, { period_from: "21/11/2026", period_to: TODAY }, { period_from: TODAY, period_to: addDays(TODAY, -1) }]) {
      const { status, body } = await call(sim, "bookings_list", { list_type: "staying", ...period });
      expect(status).toBe(200);
      expect(body.success).toBe("false");
    }
  });

  it("reads plain dates as whole days", async () => {
    const plain = (await call(sim, "bookings_list", { ...fortnight, period_from: TODAY, period_to: addDays(TODAY, 13), data_limit: 1000 })).body;
    const full = (await call(sim, "bookings_list", { ...fortnight, data_limit: 1000 })).body;
    expect(plain).toEqual(full);
  });
});

describe("Newbook simulator: list types", () => {
  // 40 rooms and up include the owner's apartment, whose stays are "Owner Occupied".
  const sim = createNewbookSimulator({ seed: 6, rooms: 40, today: TODAY });

  it("counts a night as staying when arrival <= night < departure: not the departure date, but the arrival date", async () => {
    const around = await allBookings(sim, { list_type: "staying", period_from: addDays(TODAY, -3), period_to: addDays(TODAY, 10) });
    const leaving = around.find((booking) => dateOf(booking.booking_departure) > TODAY && dateOf(booking.booking_departure) <= addDays(TODAY, 10));
    const arriving = around.find((booking) => dateOf(booking.booking_arrival) > TODAY && dateOf(booking.booking_arrival) <= addDays(TODAY, 10));
    const departure = dateOf(leaving!.booking_departure);
    const arrival = dateOf(arriving!.booking_arrival);

    const fromDeparture = await allBookings(sim, { list_type: "staying", period_from: `${departure} 00:00:00`, period_to: `${addDays(departure, 2)} 23:59:59` });
    expect(idsOf(fromDeparture)).not.toContain(leaving!.booking_id);
    const untilDeparture = await allBookings(sim, { list_type: "staying", period_from: addDays(departure, -1), period_to: addDays(departure, -1) });
    expect(idsOf(untilDeparture)).toContain(leaving!.booking_id);

    const untilArrival = await allBookings(sim, { list_type: "staying", period_from: `${addDays(arrival, -2)} 00:00:00`, period_to: `${arrival} 23:59:59` });
    expect(idsOf(untilArrival)).toContain(arriving!.booking_id);
    const beforeArrival = await allBookings(sim, { list_type: "staying", period_from: addDays(arrival, -2), period_to: addDays(arrival, -1) });
    expect(idsOf(beforeArrival)).not.toContain(arriving!.booking_id);
  });

  it("keeps Departed in staying and leaves out Cancelled, No Show, Quote and Owner Occupied", async () => {
    const everything = await allBookings(sim, EVERYTHING);
    const statuses = new Set(everything.map((booking) => booking.booking_status));
    expect([...statuses].sort()).toEqual(["Arrived", "Cancelled", "Confirmed", "Departed", "No Show", "Owner Occupied", "Quote", "Unconfirmed"]);

    const staying = await allBookings(sim, { list_type: "staying", period_from: addDays(TODAY, -60), period_to: addDays(TODAY, 120) });
    const stayingStatuses = new Set(staying.map((booking) => booking.booking_status));
    expect([...stayingStatuses].sort()).toEqual(["Arrived", "Confirmed", "Departed", "Unconfirmed"]);
  });

  it("lists a cancelled booking under cancelled (by its cancellation time) but never under staying", async () => {
    const cancelled = await allBookings(sim, { list_type: "cancelled", period_from: addDays(TODAY, -200), period_to: `${addDays(TODAY, -1)} 23:59:59` });
    expect(cancelled.length).toBeGreaterThan(0);
    const booking = cancelled.find((candidate) => dateOf(candidate.booking_arrival) >= TODAY) ?? cancelled[0]!;
    expect(booking.booking_status).toBe("Cancelled");
    const staying = await allBookings(sim, {
      list_type: "staying",
      period_from: dateOf(booking.booking_arrival),
      period_to: addDays(dateOf(booking.booking_departure), -1),
    });
    expect(staying.length).toBeGreaterThan(0);
    expect(idsOf(staying)).not.toContain(booking.booking_id);

    const day = dateOf(booking.booking_cancelled);
    const thatDay = await allBookings(sim, { list_type: "cancelled", period_from: day, period_to: day });
    expect(idsOf(thatDay)).toContain(booking.booking_id);
    expect(thatDay.every((candidate) => dateOf(candidate.booking_cancelled) === day)).toBe(true);
  });

  it("filters arrived, departing, placed and all by their own dates", async () => {
    const day = addDays(TODAY, 2);
    const arrived = await allBookings(sim, { list_type: "arrived", period_from: day, period_to: day });
    const departing = await allBookings(sim, { list_type: "departing", period_from: day, period_to: day });
    expect(arrived.length).toBeGreaterThan(0);
    expect(departing.length).toBeGreaterThan(0);
    expect(arrived.every((booking) => dateOf(booking.booking_arrival) === day)).toBe(true);
    expect(departing.every((booking) => dateOf(booking.booking_departure) === day)).toBe(true);

    const yesterday = addDays(TODAY, -1);
    const placed = await allBookings(sim, { list_type: "placed", period_from: `${yesterday} 00:00:00`, period_to: `${yesterday} 23:59:59` });
    const changed = await allBookings(sim, { list_type: "all", period_from: `${yesterday} 00:00:00`, period_to: `${yesterday} 23:59:59` });
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.every((booking) => dateOf(booking.booking_placed) === yesterday)).toBe(true);
    // Changed yesterday: everything placed yesterday, plus yesterday's check-ins and check-outs.
    expect(idsOf(changed)).toEqual(expect.arrayContaining(idsOf(placed)));
    expect(changed.length).toBeGreaterThan(placed.length);
    expect(changed.every((booking) => dateOf(booking.booking_modified) === yesterday)).toBe(true);
  });
});

describe("Newbook simulator: the hotel's bookings", () => {
  const sim = createNewbookSimulator({ seed: 7, rooms: 60, today: TODAY });

  it("sends only bookings that parse with our client's NewbookBooking schema, with one tariff per night", async () => {
    const everything = await allBookings(sim, EVERYTHING);
    expect(everything.length).toBeGreaterThan(2000);
    for (const booking of everything) {
      const nights = (Date.parse(dateOf(booking.booking_departure)) - Date.parse(dateOf(booking.booking_arrival))) / 86_400_000;
      expect(nights).toBeGreaterThanOrEqual(1);
      const stayDates = Array.from({ length: nights }, (_, night) => addDays(dateOf(booking.booking_arrival), night));
      expect(booking.tariffs_quoted.map((tariff) => tariff.stay_date)).toEqual(stayDates);
      expect(booking.guests.filter((guest) => guest.primary_client)).toHaveLength(1);
    }
  });

  it("has exactly one guest with markup in the name, and guests with accents and apostrophes", async () => {
    const guests = (await allBookings(sim, EVERYTHING)).flatMap((booking) => booking.guests);
    const marked = guests.filter((guest) => /[<>]/.test(`${guest.firstname} ${guest.lastname}`));
    expect(marked).toHaveLength(1);
    expect(marked[0]!.lastname).toBe('<script>alert("x")</script>');
    const names = guests.map((guest) => `${guest.firstname} ${guest.lastname}`).join("\n");
    expect(names).toMatch(/O'Brien|D'Arcy|O'Neill/);
    expect(names).toMatch(/Zoë|Łukasz|Müller|Siobhán/);
  });

  it("has unallocated bookings (no room yet) and groups of rooms sharing a bookings_group_id", async () => {
    const staying = await allBookings(sim, { list_type: "staying", period_from: TODAY, period_to: addDays(TODAY, 30) });
    const unallocated = staying.filter((booking) => booking.site_id === null);
    expect(unallocated.length).toBeGreaterThan(0);
    expect(unallocated.every((booking) => booking.category_id === null && booking.site_name === null)).toBe(true);
    expect(unallocated.some((booking) => dateOf(booking.booking_arrival) === TODAY)).toBe(true);

    const tonight = await allBookings(sim, { list_type: "staying", period_from: TODAY, period_to: TODAY });
    const groups = Map.groupBy(
      tonight.filter((booking) => booking.bookings_group_id !== null),
      (booking) => booking.bookings_group_id,
    );
    expect(groups.size).toBeGreaterThan(0);
    for (const members of groups.values()) {
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(new Set(members.map((booking) => booking.site_id)).size).toBe(members.length);
      expect(new Set(members.map((booking) => booking.booking_arrival)).size).toBe(1);
    }
  });

  it("includes dinner on some nights of a stay only, as per-night Dinner Allocation items", async () => {
    const staying = await allBookings(sim, { list_type: "staying", period_from: addDays(TODAY, -30), period_to: addDays(TODAY, 30) });
    const dinnerNights = (booking: NewbookBooking) =>
      new Set(booking.inventory_items.filter((item) => item.description === "Dinner Allocation").map((item) => item.stay_date));
    const partly = staying.filter((booking) => dinnerNights(booking).size > 0 && dinnerNights(booking).size < booking.tariffs_quoted.length);
    expect(partly.length).toBeGreaterThan(0);
    const labels = new Set(staying.flatMap((booking) => booking.tariffs_quoted.map((tariff) => tariff.label)));
    expect(labels).toEqual(new Set(["Room Only", "Bed & Breakfast", "Dinner Bed & Breakfast", "Seasonal Saver", "Spa Package", "Staff Accommodation"]));
  });

  it("reports occupancy per category and night that agrees with the staying bookings in allocated rooms", async () => {
    const from = addDays(TODAY, -3);
    const to = addDays(TODAY, 7);
    const report = (await call(sim, "reports_occupancy", { period_from: `${from} 00:00:00`, period_to: `${to} 23:59:59` })).body.data.map((row) =>
      NewbookOccupancyCategory.parse(row),
    );
    const sites = (await call(sim, "sites_list", {})).body.data.map((row) => NewbookSite.parse(row));
    const staying = await allBookings(sim, { list_type: "staying", period_from: from, period_to: to });

    expect(report.map((row) => row.category_name).sort()).toEqual([...new Set(sites.map((site) => site.category_name))].sort());
    let occupiedNights = 0;
    for (const row of report) {
      const rooms = sites.filter((site) => site.category_id === row.category_id).length;
      expect(Object.keys(row.occupancy)).toHaveLength(11);
      for (const [night, day] of Object.entries(row.occupancy)) {
        const expected = staying.filter(
          (booking) => booking.category_id === row.category_id && dateOf(booking.booking_arrival) <= night && night < dateOf(booking.booking_departure),
        ).length;
        expect(day.occupied, `${row.category_name} ${night}`).toBe(expected);
        expect(day.available + day.maintenance).toBe(rooms);
        occupiedNights += day.occupied;
      }
    }
    const roomNights = sites.length * 11;
    expect(occupiedNights / roomNights).toBeGreaterThan(0.6);
    expect(occupiedNights / roomNights).toBeLessThan(0.9);
  });

  it("builds a 500-room hotel and pages it at most 1000 rows at a time", async () => {
    const big = createNewbookSimulator({ seed: 8, rooms: 500, today: TODAY });
    const { body } = await call(big, "bookings_list", { list_type: "staying", period_from: TODAY, period_to: addDays(TODAY, 13), data_limit: 5000 });
    expect(body.data_total).toBeGreaterThan(1000);
    expect(body.data_count).toBe(1000);
    expect((await call(big, "sites_list", {})).body.data).toHaveLength(500);
  });
});
