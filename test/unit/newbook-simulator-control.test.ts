import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { NewbookBooking } from "../../src/newbook/schemas";
import { createNewbookSimulator, type NewbookSimulator, SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";

const TODAY = "2026-11-21";
const { username, password, region, apiKey } = SIMULATOR_CREDENTIALS;

function restRequest(action: string, fields: Record<string, unknown>, base = "http://sim"): Request {
  return new Request(`${base}/rest/${action}`, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${username}:${password}`)}` },
    body: JSON.stringify({ region, api_key: apiKey, ...fields }),
  });
}

async function control(sim: NewbookSimulator, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const init = body === undefined ? { method: "POST" } : { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) };
  const response = await sim.fetch(new Request(`http://sim/__control${path}`, init));
  return { status: response.status, json: await response.json() };
}

/** Staying bookings for the nights of [from, to], all on one page. */
async function staying(sim: NewbookSimulator, from: string, to: string): Promise<NewbookBooking[]> {
  const response = await sim.fetch(restRequest("bookings_list", { list_type: "staying", period_from: from, period_to: to, data_limit: 1000 }));
  const body: { data: unknown[] } = await response.json();
  return body.data.map((row) => NewbookBooking.parse(row));
}

async function listed(sim: NewbookSimulator, listType: string, bookingId: unknown): Promise<NewbookBooking | undefined> {
  const response = await sim.fetch(restRequest("bookings_list", { list_type: listType, period_from: "2000-01-01", period_to: "2100-01-01", data_limit: 1000 }));
  const body: { data: unknown[] } = await response.json();
  return body.data.map((row) => NewbookBooking.parse(row)).find((booking) => booking.booking_id === bookingId);
}

describe("Newbook simulator: control endpoints", () => {
  it("adds a booking that the next bookings_list shows, with dinner on the nights asked for", async () => {
    const sim = createNewbookSimulator({ seed: 11, rooms: 20, today: TODAY });
    const added = await control(sim, "/bookings", {
      arrival: "2026-11-25",
      departure: "2026-11-28",
      adults: 2,
      children: 1,
      guests: [{ firstname: "Renée", lastname: "D'Arcy" }, { firstname: "Noé", lastname: "D'Arcy" }],
      dbb_nights: ["2026-11-26"],
    });
    expect(added.status).toBe(201);
    expect(added.json.booking_id).toMatch(/^\d+$/);

    const booking = (await staying(sim, "2026-11-27", "2026-11-27")).find((candidate) => candidate.booking_id === added.json.booking_id);
    expect(booking).toMatchObject({ booking_status: "Confirmed", booking_adults: 2, booking_children: 1, bookings_group_id: null });
    expect(booking!.site_id).not.toBeNull();
    expect(booking!.guests.map((guest) => [guest.firstname, guest.lastname, guest.primary_client])).toEqual([
      ["Renée", "D'Arcy", true],
      ["Noé", "D'Arcy", false],
    ]);
    expect(booking!.tariffs_quoted.map((tariff) => tariff.label)).toEqual(["Bed & Breakfast", "Dinner Bed & Breakfast", "Bed & Breakfast"]);
    expect(booking!.inventory_items.filter((item) => item.description === "Dinner Allocation").map((item) => item.stay_date)).toEqual(["2026-11-26"]);
    expect((await staying(sim, "2026-11-28", "2026-11-30")).map((candidate) => candidate.booking_id)).not.toContain(added.json.booking_id);
  });

  it("adds to a given room, or unallocated with site_id null, and refuses a room that is taken", async () => {
    const sim = createNewbookSimulator({ seed: 12, rooms: 20, today: TODAY });
    const inHouse = (await staying(sim, TODAY, TODAY)).find((booking) => booking.site_id !== null)!;

    const clash = await control(sim, "/bookings", { arrival: TODAY, departure: "2026-11-22", site_id: inHouse.site_id });
    expect(clash.status).toBe(400);
    expect(clash.json.error).toContain(`taken by booking ${inHouse.booking_id}`);

    const unallocated = await control(sim, "/bookings", { arrival: TODAY, departure: "2026-11-22", site_id: null });
    expect(unallocated.status).toBe(201);
    expect(await listed(sim, "staying", unallocated.json.booking_id)).toMatchObject({ site_id: null, category_id: null });
  });

  it("cancels: status Cancelled, booking_cancelled and booking_modified set, gone from staying, listed under cancelled", async () => {
    const sim = createNewbookSimulator({ seed: 13, rooms: 20, today: TODAY, clock: () => Date.parse("2030-01-01T09:15:30Z") });
    const victim = (await staying(sim, TODAY, TODAY)).find((booking) => booking.booking_status === "Arrived")!;

    const cancelled = await control(sim, `/bookings/${victim.booking_id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.booking).toMatchObject({ booking_status: "Cancelled", booking_cancelled: `${TODAY} 09:15:30`, booking_modified: `${TODAY} 09:15:30` });

    expect((await staying(sim, TODAY, TODAY)).map((booking) => booking.booking_id)).not.toContain(victim.booking_id);
    expect(await listed(sim, "cancelled", victim.booking_id)).toMatchObject({ booking_status: "Cancelled" });
    const changedToday = await sim.fetch(restRequest("bookings_list", { list_type: "all", period_from: `${TODAY} 09:00:00`, period_to: `${TODAY} 10:00:00` }));
    expect(await changedToday.json()).toMatchObject({ data_total: 1, data: [{ booking_id: victim.booking_id }] });

    expect((await control(sim, `/bookings/${victim.booking_id}/cancel`)).status).toBe(400);
  });

  it("moves a booking to a free room, and refuses a taken one with the reason", async () => {
    let now = Date.parse("2030-01-01T08:00:00Z");
    const sim = createNewbookSimulator({ seed: 14, rooms: 20, today: TODAY, clock: () => now });
    const stay = { arrival: "2027-06-01", departure: "2027-06-03" };
    const holder = await control(sim, "/bookings", stay);
    const { site_id: room, category_id: category } = holder.json.booking as { site_id: string; category_id: string };
    expect(room).not.toBe("0");
    const mover = await control(sim, "/bookings", { ...stay, site_id: null });

    const refused = await control(sim, `/bookings/${mover.json.booking_id}/move`, { site_id: room });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toContain(`taken by booking ${holder.json.booking_id}`);

    await control(sim, `/bookings/${holder.json.booking_id}/cancel`);
    now += 60_000;
    const moved = await control(sim, `/bookings/${mover.json.booking_id}/move`, { site_id: Number(room) });
    expect(moved.status).toBe(200);
    expect(await listed(sim, "staying", mover.json.booking_id)).toMatchObject({
      site_id: room,
      category_id: category,
      booking_modified: `${TODAY} 08:01:00`,
    });
  });

  it("modifies dates and party size, with tariffs following the new nights", async () => {
    let now = Date.parse("2030-01-01T08:00:00Z");
    const sim = createNewbookSimulator({ seed: 15, rooms: 20, today: TODAY, clock: () => now });
    const added = await control(sim, "/bookings", { arrival: "2027-02-01", departure: "2027-02-03", site_id: null, dbb_nights: ["2027-02-02"] });
    const id = added.json.booking_id;

    now += 3_600_000;
    const modified = await control(sim, `/bookings/${id}/modify`, { arrival: "2027-02-02", departure: "2027-02-05", adults: 3, children: 2, infants: 1 });
    expect(modified.status).toBe(200);
    const booking = await listed(sim, "staying", id);
    expect(booking).toMatchObject({
      booking_arrival: "2027-02-02 14:00:00",
      booking_departure: "2027-02-05 10:00:00",
      booking_adults: 3,
      booking_children: 2,
      booking_infants: 1,
      booking_modified: `${TODAY} 09:00:00`,
    });
    // The night that stayed keeps its dinner; the nights added get the booking's plan.
    expect(booking!.tariffs_quoted.map((tariff) => [tariff.stay_date, tariff.label])).toEqual([
      ["2027-02-02", "Dinner Bed & Breakfast"],
      ["2027-02-03", "Bed & Breakfast"],
      ["2027-02-04", "Bed & Breakfast"],
    ]);
  });

  it("answers 404 for an unknown booking and 400 with a reason for bad input", async () => {
    const sim = createNewbookSimulator({ seed: 16, rooms: 10, today: TODAY });
    const unknown: [string, unknown][] = [
      ["/bookings/999999999/cancel", undefined],
      ["/bookings/abc/cancel", undefined],
      ["/bookings/999999999/move", { site_id: 1 }],
      ["/bookings/999999999/modify", { adults: 1 }],
    ];
    for (const [path, body] of unknown) {
      const response = await control(sim, path, body);
      expect(response.status, path).toBe(404);
      expect(response.json.error).toMatch(/no booking/);
    }
    const bad: [unknown, RegExp][] = [
      [{ arrival: "2026-11-25", departure: "2026-11-25" }, /departure: must be after arrival/],
      [{ arrival: "2026-13-01", departure: "2026-11-25" }, /arrival: must be a YYYY-MM-DD date/],
      [{ arrival: "2026-11-25", departure: "2026-11-27", dbb_nights: ["2026-11-27"] }, /dbb_nights\.0: 2026-11-27 is not a night of the stay/],
      [{ arrival: "2026-11-25", departure: "2026-11-27", site_id: 9999 }, /no site 9999/],
      [{ arrival: "2026-11-25", departure: "2026-11-27", pets: 2 }, /pets/],
      ["{not json", /JSON/],
    ];
    for (const [body, reason] of bad) {
      const response = await control(sim, "/bookings", body);
      expect(response.status).toBe(400);
      expect(response.json.error).toMatch(reason);
    }
    const id = (await control(sim, "/bookings", { arrival: "2027-01-01", departure: "2027-01-02" })).json.booking_id;
    expect((await control(sim, `/bookings/${id}/modify`, {})).status).toBe(400);
    expect((await control(sim, `/bookings/${id}/modify`, { departure: "2026-12-31" })).json.error).toMatch(/after arrival/);
    expect((await control(sim, `/bookings/${id}/move`, {})).status).toBe(400);
  });

  it("resets to another hotel and reports its state, through the endpoint and the method", async () => {
    const sim = createNewbookSimulator({ seed: 17, rooms: 10, today: TODAY });
    await sim.fetch(restRequest("auth_test", {}));
    const state = await sim.fetch(new Request("http://sim/__control/state"));
    expect(await state.json()).toMatchObject({ seed: 17, rooms: 10, today: TODAY, calls: 1, bookings: expect.any(Number) });

    const reset = await control(sim, "/reset", { seed: 18, rooms: 25, today: "2027-03-01" });
    expect(reset.json).toMatchObject({ seed: 18, rooms: 25, today: "2027-03-01", calls: 0 });
    expect(sim.callCount()).toBe(0);
    expect((await staying(sim, "2027-03-01", "2027-03-01")).length).toBeGreaterThan(10);
    expect((await control(sim, "/reset", { rooms: 0 })).status).toBe(400);

    sim.reset({ rooms: 3 });
    const sites: { data: unknown[] } = await (await sim.fetch(restRequest("sites_list", {}))).json();
    expect(sites.data).toHaveLength(3);
    expect(await (await sim.fetch(new Request("http://sim/__control/state"))).json()).toMatchObject({ seed: 18, rooms: 3, today: "2027-03-01" });
    expect(() => sim.reset({ today: "someday" })).toThrow(/today/);
    expect(sim.callCount()).toBe(1);
  });

  it("works mounted under a prefix in another Hono app", async () => {
    const sim = createNewbookSimulator({ seed: 19, rooms: 5, today: TODAY });
    const parent = new Hono();
    parent.route("/__sim/newbook", sim.app);
    const response = await parent.fetch(restRequest("auth_test", {}, "http://site/__sim/newbook"));
    expect(await response.json()).toMatchObject({ success: "true" });
    expect((await parent.fetch(new Request("http://site/__sim/newbook/__control/state"))).status).toBe(200);
  });
});
