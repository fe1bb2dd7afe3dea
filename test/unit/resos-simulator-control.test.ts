// The resOS simulator's /__control hooks: add, cancel and change a table, fill a day past
// one page, reset, and the state summary; 400 with a reason for bad input.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createResosSimulator, RESOS_SIMULATOR_API_KEY, type ResosSimulator } from "../../src/resos/simulator";

const TODAY = "2026-11-21";
const BASIC = `Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:`)}`;

interface WireBooking {
  _id: string;
  date: string;
  time: string;
  people: number;
  status: string;
  guest: { name: string; email?: string; phone?: string };
  customFields: { _id: string; name: string; value: unknown; multipleChoiceValueName?: string }[];
  restaurantNotes: { restaurantNote: string }[];
  duration: number;
  createdAt: string;
  canceledAt: string | null;
}

async function control(sim: ResosSimulator, path: string, body?: unknown, method = "POST"): Promise<{ status: number; json: Record<string, unknown> }> {
  const init: RequestInit = { method, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) };
  const response = await sim.fetch(new Request(`http://sim/__control${path}`, init));
  return { status: response.status, json: await response.json() };
}

async function bookingsOn(sim: ResosSimulator, date: string, base = "http://sim"): Promise<WireBooking[]> {
  const all: WireBooking[] = [];
  for (let skip = 0; ; skip += 100) {
    const response = await sim.app.fetch(
      new Request(`${base}/v1/bookings?fromDateTime=${date}T00:00:00&toDateTime=${date}T23:59:59&limit=100&skip=${skip}&expand=customFields`, { headers: { authorization: BASIC } }),
    );
    const page: WireBooking[] = await response.json();
    all.push(...page);
    if (page.length < 100) return all;
  }
}

const fieldValue = (booking: WireBooking, name: string) => {
  const entry = booking.customFields.find((candidate) => candidate.name === name);
  return entry?.multipleChoiceValueName ?? entry?.value;
};

describe("resOS simulator: control endpoints", () => {
  it("adds a table with its fields, shown by the next /bookings as the client would read it", async () => {
    const now = Date.UTC(2026, 10, 21, 10, 15);
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY, clock: () => now });
    const added = await control(sim, "/bookings", {
      date: "2026-11-24",
      time: "19:30",
      people: 3,
      guest: { name: "Renée D'Arcy", email: "renee@example.com", phone: "+44 7700 900111" },
      booking_number: " #100123 ",
      hotel_guest: true,
      dbb: true,
      group: "G#7001, NOT-#100200",
      notes: ["Room 112, resident", "Window please"],
      dietary: ["vegan", "Nut allergy"],
      allergies: "Sesame",
    });
    expect(added.status).toBe(201);
    expect(added.json._id).toMatch(/^[0-9a-f]{24}$/);

    const booking = (await bookingsOn(sim, "2026-11-24")).find((candidate) => candidate._id === added.json._id)!;
    expect(booking).toMatchObject({
      date: "2026-11-24",
      time: "19:30",
      people: 3,
      status: "approved",
      guest: { name: "Renée D'Arcy", email: "renee@example.com", phone: "+44 7700 900111" },
      restaurantNotes: [{ restaurantNote: "Room 112, resident" }, { restaurantNote: "Window please" }],
      duration: 90,
      createdAt: new Date(now).toISOString(),
      canceledAt: null,
    });
    expect(fieldValue(booking, "Booking #")).toBe(" #100123 ");
    expect(fieldValue(booking, "Hotel Guest")).toBe("Yes");
    expect(fieldValue(booking, "DBB")).toBe("Yes");
    expect(fieldValue(booking, "GROUP/EXCLUDE")).toBe("G#7001, NOT-#100200");
    expect(fieldValue(booking, "Allergies")).toBe("Sesame");
    expect((fieldValue(booking, "Dietary requirements") as { name: string }[]).map((box) => box.name)).toEqual(["Vegan", "Nut allergy"]);
  });

  it("adds a bare table with a default guest and only the fields given", async () => {
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY });
    const added = await control(sim, "/bookings", { date: TODAY, time: "20:15", people: 4, status: "arrived", hotel_guest: false });
    const booking = (await bookingsOn(sim, TODAY)).find((candidate) => candidate._id === added.json._id)!;
    expect(booking.status).toBe("arrived");
    expect(booking.guest).toEqual({ name: "Guest" });
    expect(booking.customFields.map((entry) => [entry.name, entry.multipleChoiceValueName])).toEqual([["Hotel Guest", "No"]]);
    expect(booking.restaurantNotes).toEqual([]);
  });

  it("refuses a table it cannot make, with the reason, and adds nothing", async () => {
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY });
    const before = ((await control(sim, "/state", undefined, "GET")).json as { bookings: number }).bookings;
    for (const body of [
      { date: "2026-02-30", time: "19:00", people: 2 },
      { date: TODAY, time: "25:99", people: 2 },
      { date: TODAY, time: "19:00", people: 0 },
      { date: TODAY, time: "19:00", people: 2, status: "eaten" },
      { date: TODAY, time: "19:00", people: 2, dietary: ["Paleo"] },
      { date: TODAY, time: "19:00", people: 2, colour: "blue" },
      "not json",
    ]) {
      const refused = await control(sim, "/bookings", body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json).toEqual({ error: expect.stringMatching(/\w/) });
    }
    expect((await control(sim, "/bookings", { date: TODAY, time: "19:00", people: 2, dietary: ["Paleo"] })).json.error).toMatch(/dietary.*Vegan/);
    expect(((await control(sim, "/state", undefined, "GET")).json as { bookings: number }).bookings).toBe(before);
  });

  it("cancels a table: canceled, stamped with now, still listed; twice is refused; an unknown id is 404", async () => {
    const now = Date.UTC(2026, 10, 21, 11, 0);
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY, clock: () => now });
    const target = (await bookingsOn(sim, "2026-11-23")).find((booking) => booking.status === "approved")!;
    const cancelled = await control(sim, `/bookings/${target._id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ _id: target._id, booking: { status: "canceled", canceledAt: new Date(now).toISOString() } });
    const listed = (await bookingsOn(sim, "2026-11-23")).find((booking) => booking._id === target._id)!;
    expect(listed).toMatchObject({ status: "canceled", canceledAt: new Date(now).toISOString() });

    expect((await control(sim, `/bookings/${target._id}/cancel`)).status).toBe(400);
    expect((await control(sim, "/bookings/0123456789abcdef01234567/cancel")).status).toBe(404);
    expect((await control(sim, "/bookings/nope/cancel")).status).toBe(404);
  });

  it("changes a table's date, time, people, status and notes, and re-places it in the listing", async () => {
    const now = Date.UTC(2026, 10, 21, 12, 0);
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY, clock: () => now });
    const target = (await bookingsOn(sim, "2026-11-23"))[0]!;
    const changed = await control(sim, `/bookings/${target._id}`, { date: "2026-11-26", time: "20:45", people: 5, notes: ["Moved by phone"] }, "PATCH");
    expect(changed.status).toBe(200);
    expect((await bookingsOn(sim, "2026-11-23")).map((booking) => booking._id)).not.toContain(target._id);
    const moved = await bookingsOn(sim, "2026-11-26");
    expect(moved.find((booking) => booking._id === target._id)).toMatchObject({ date: "2026-11-26", time: "20:45", people: 5, restaurantNotes: [{ restaurantNote: "Moved by phone" }] });
    const keys = moved.map((booking) => `${booking.time} ${booking._id}`);
    expect(keys).toEqual(keys.toSorted());

    // canceledAt follows the status in and out.
    const canceled = await control(sim, `/bookings/${target._id}`, { status: "canceled" }, "PATCH");
    expect(canceled.json).toMatchObject({ booking: { status: "canceled", canceledAt: new Date(now).toISOString() } });
    const restored = await control(sim, `/bookings/${target._id}`, { status: "approved" }, "PATCH");
    expect(restored.json).toMatchObject({ booking: { status: "approved", canceledAt: null } });

    expect((await control(sim, `/bookings/${target._id}`, {}, "PATCH")).status).toBe(400);
    expect((await control(sim, `/bookings/${target._id}`, { time: "7pm" }, "PATCH")).status).toBe(400);
    expect((await control(sim, "/bookings/0123456789abcdef01234567", { people: 2 }, "PATCH")).status).toBe(404);
  });

  it("fills a day with approved outside dinner tables, past one page of 100", async () => {
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY });
    const before = await bookingsOn(sim, "2026-11-27");
    const filled = await control(sim, "/busy-day", { date: "2026-11-27", count: 150 });
    expect(filled.status).toBe(201);
    expect(filled.json).toMatchObject({ date: "2026-11-27", added: 150, bookings_on_date: before.length + 150 });
    const after = await bookingsOn(sim, "2026-11-27");
    expect(after).toHaveLength(before.length + 150);
    const added = after.filter((booking) => (filled.json.ids as string[]).includes(booking._id));
    expect(added).toHaveLength(150);
    for (const booking of added) {
      expect(booking.status).toBe("approved");
      expect(booking.time >= "18:00" && booking.time <= "20:30").toBe(true);
      expect(fieldValue(booking, "Hotel Guest")).toBe("No");
      expect(fieldValue(booking, "Booking #")).toBeUndefined();
    }
    for (const body of [{ date: "2026-11-27", count: 0 }, { date: "tomorrow", count: 5 }, { count: 5 }]) {
      expect((await control(sim, "/busy-day", body)).status).toBe(400);
    }
  });

  it("resets with the options given, keeping the others, and refuses bad ones leaving everything as it was", async () => {
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY });
    const original = await bookingsOn(sim, TODAY);
    await control(sim, "/bookings", { date: TODAY, time: "19:00", people: 2 });
    await control(sim, "/faults", { kind: "500" });

    const reset = await control(sim, "/reset", { rooms: 40 });
    expect(reset.status).toBe(200);
    expect(reset.json).toMatchObject({ seed: 4, rooms: 40, today: TODAY, calls: 0, faults: [] });
    const bigger = await bookingsOn(sim, TODAY);
    expect(bigger.map((booking) => booking._id)).not.toEqual(original.map((booking) => booking._id));

    for (const body of [{ rooms: 0 }, { rooms: 501 }, { today: "2026-13-01" }, { seed: 1.5 }, { colour: "blue" }]) {
      const refused = await control(sim, "/reset", body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json).toEqual({ error: expect.stringMatching(/\w/) });
    }
    expect((await control(sim, "/state", undefined, "GET")).json).toMatchObject({ seed: 4, rooms: 40, today: TODAY });
    expect((await bookingsOn(sim, TODAY)).map((booking) => booking._id)).toEqual(bigger.map((booking) => booking._id));

    // Back to the first options: the same book as at the start, the added table gone.
    await control(sim, "/reset", { rooms: 20 });
    expect(await bookingsOn(sim, TODAY)).toEqual(original);
    // An empty body regenerates as it is.
    expect((await control(sim, "/reset")).status).toBe(200);
    expect(await bookingsOn(sim, TODAY)).toEqual(original);
  });

  it("moves today with a reset: the book and the closure follow it", async () => {
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY });
    const moved = await control(sim, "/reset", { today: "2027-03-01" });
    expect(moved.json).toMatchObject({ today: "2027-03-01", closed_on: "2027-03-10" });
    expect((await bookingsOn(sim, "2027-03-01")).length).toBeGreaterThan(3);
    expect((await bookingsOn(sim, "2027-03-10")).every((booking) => booking.status === "canceled")).toBe(true);
  });

  it("summarises its state: options, bookings held, calls and pending faults", async () => {
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY });
    await sim.fetch(new Request("http://sim/v1/customFields", { headers: { authorization: BASIC } }));
    await control(sim, "/faults", { kind: "page", page: 2, count: 2 });
    const state = await control(sim, "/state", undefined, "GET");
    expect(state.json).toEqual({ seed: 4, rooms: 20, today: TODAY, bookings: expect.any(Number), calls: 1, faults: [{ kind: "page", remaining: 2, page: 2 }], closed_on: "2026-11-30" });
    expect(state.json.bookings).toBeGreaterThan(500);
    expect((await control(sim, "/teapot", {})).status).toBe(404);
  });

  it("works mounted under a prefix in a parent app, and keeps serving the mount after a reset", async () => {
    const sim = createResosSimulator({ seed: 4, rooms: 20, today: TODAY });
    const parent = new Hono();
    parent.route("/__sim/resos", sim.app);
    const list = async () => {
      const response = await parent.fetch(new Request(`http://x/__sim/resos/v1/bookings?fromDateTime=${TODAY}T00:00:00&toDateTime=${TODAY}T23:59:59`, { headers: { authorization: BASIC } }));
      expect(response.status).toBe(200);
      return ((await response.json()) as WireBooking[]).map((booking) => booking._id);
    };
    const before = await list();
    expect(before.length).toBeGreaterThan(0);
    const reset = await parent.fetch(new Request("http://x/__sim/resos/__control/reset", { method: "POST", body: JSON.stringify({ seed: 5 }) }));
    expect(reset.status).toBe(200);
    expect(await list()).not.toEqual(before);
  });
});
