// The resOS simulator on the wire: bare arrays, the limit cap, skip paging, the one-sided
// filter quirk, Basic auth with the key as username, Retry-After in ms on every answer,
// the fixed-window rate limit, and the quirks of customFields and openingHours.
import { describe, expect, it } from "vitest";
import { createResosSimulator, RESOS_SIMULATOR_API_KEY, type ResosSimulator } from "../../src/resos/simulator";

const TODAY = "2026-11-21";
const BASIC = `Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:`)}`;

interface WireBooking {
  _id: string;
  date: string;
  time: string;
  createdAt: string;
  customFields: { _id: string; name: string; value: unknown; multipleChoiceValueName?: string }[];
}

function apiRequest(path: string, authorization: string | null = BASIC): Request {
  return new Request(`http://sim/v1${path}`, { headers: authorization === null ? {} : { authorization } });
}

async function getJson<T>(sim: ResosSimulator, path: string): Promise<{ status: number; body: T; retryAfter: string | null }> {
  const response = await sim.fetch(apiRequest(path));
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get("retry-after") };
}

const day = (date: string, extra = "") => `/bookings?fromDateTime=${date}T00:00:00&toDateTime=${date}T23:59:59${extra}`;

async function control(sim: ResosSimulator, path: string, body: unknown): Promise<Response> {
  return sim.fetch(new Request(`http://sim/__control${path}`, { method: "POST", body: JSON.stringify(body) }));
}

describe("resOS simulator: GET /v1/bookings", () => {
  const sim = createResosSimulator({ seed: 3, rooms: 30, today: TODAY });

  it("answers a bare array of the bookings whose date and time lie in the window, in date, time, _id order", async () => {
    const { status, body } = await getJson<WireBooking[]>(sim, `/bookings?fromDateTime=${TODAY}T18:00:00&toDateTime=2026-11-22T13:00:00&limit=100`);
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    expect(body.length).toBeGreaterThan(5);
    for (const booking of body) {
      const start = `${booking.date}T${booking.time}:00`;
      expect(start >= `${TODAY}T18:00:00` && start <= "2026-11-22T13:00:00", start).toBe(true);
    }
    const keys = body.map((booking) => `${booking.date} ${booking.time} ${booking._id}`);
    expect(keys).toEqual(keys.toSorted());
    expect(body.map((booking) => booking.date)).toContain("2026-11-22");
  });

  it("includes both ends of the window", async () => {
    const { body: evening } = await getJson<WireBooking[]>(sim, day(TODAY));
    const first = evening[0]!;
    const { body: exact } = await getJson<WireBooking[]>(sim, `/bookings?fromDateTime=${first.date}T${first.time}:00&toDateTime=${first.date}T${first.time}:00`);
    expect(exact.map((booking) => booking._id)).toContain(first._id);
  });

  it("pages with skip consistently past 100 on a day with more bookings than a page holds", async () => {
    expect((await control(sim, "/busy-day", { date: "2026-11-25", count: 180 })).status).toBe(201);
    const pages: WireBooking[][] = [];
    for (let skip = 0; ; skip += 100) {
      const { body } = await getJson<WireBooking[]>(sim, day("2026-11-25", `&limit=100&skip=${skip}`));
      pages.push(body);
      if (body.length < 100) break;
    }
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]).toHaveLength(100);
    const ids = pages.flat().map((booking) => booking._id);
    expect(ids.length).toBeGreaterThan(180);
    expect(new Set(ids).size).toBe(ids.length);
    // The same pages again: nothing moves between calls.
    const again = (await getJson<WireBooking[]>(sim, day("2026-11-25", "&limit=100&skip=100"))).body.map((booking) => booking._id);
    expect(again).toEqual(pages[1]!.map((booking) => booking._id));
    // Smaller pages walk the same order.
    const small = (await getJson<WireBooking[]>(sim, day("2026-11-25", "&limit=7&skip=95"))).body.map((booking) => booking._id);
    expect(small).toEqual(ids.slice(95, 102));
  });

  it("sends 100 rows when no limit is given", async () => {
    const { body } = await getJson<WireBooking[]>(sim, `/bookings?fromDateTime=${TODAY}T00:00:00&toDateTime=2026-12-20T23:59:59`);
    expect(body).toHaveLength(100);
  });

  it("refuses a limit over 100, and a negative or non-numeric limit or skip, with HTTP 400 and a JSON message", async () => {
    const over = await getJson<{ message: string }>(sim, day(TODAY, "&limit=101"));
    expect(over.status).toBe(400);
    expect(over.body.message).toBe("limit must not exceed 100");
    for (const extra of ["&limit=-1", "&limit=ten", "&limit=0", "&skip=-5", "&skip=1.5", "&limit="]) {
      const refused = await getJson<{ message: string }>(sim, day(TODAY, extra));
      expect(refused.status, extra).toBe(400);
      expect(refused.body.message, extra).toMatch(/(limit|skip) must/);
    }
    const badTime = await getJson<{ message: string }>(sim, `/bookings?fromDateTime=21/11/2026&toDateTime=${TODAY}T23:59:59`);
    expect(badTime.status).toBe(400);
    expect(badTime.body.message).toMatch(/fromDateTime/);
  });

  it("drops the filter when only one end is given and answers the OLDEST bookings, by createdAt", async () => {
    const everything: WireBooking[] = [];
    for (let skip = 0; ; skip += 100) {
      const { body } = await getJson<WireBooking[]>(sim, `/bookings?fromDateTime=2000-01-01T00:00:00&toDateTime=2100-01-01T00:00:00&limit=100&skip=${skip}`);
      everything.push(...body);
      if (body.length < 100) break;
    }
    const oldest = everything.toSorted((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a._id < b._id ? -1 : 1)).map((booking) => booking._id);
    for (const oneSided of [`/bookings?fromDateTime=${TODAY}T00:00:00`, `/bookings?toDateTime=${TODAY}T23:59:59`, "/bookings"]) {
      const first = await getJson<WireBooking[]>(sim, `${oneSided}${oneSided.includes("?") ? "&" : "?"}limit=50`);
      expect(first.status).toBe(200);
      expect(first.body.map((booking) => booking._id)).toEqual(oldest.slice(0, 50));
      const next = await getJson<WireBooking[]>(sim, `${oneSided}${oneSided.includes("?") ? "&" : "?"}limit=50&skip=50`);
      expect(next.body.map((booking) => booking._id)).toEqual(oldest.slice(50, 100));
    }
    // Nothing like the day asked for: mostly tables long past.
    const first = (await getJson<WireBooking[]>(sim, `/bookings?fromDateTime=${TODAY}T00:00:00&limit=50`)).body;
    expect(first.filter((booking) => booking.date === TODAY).length).toBeLessThan(5);
    expect(first.filter((booking) => booking.date < TODAY).length).toBeGreaterThan(40);
  });

  it("sends radio and dropdown entries as the choice id, with the label only under expand=customFields", async () => {
    const { body: fields } = await getJson<{ _id: string; name: string; multipleChoiceSelections: { _id: string; name: string }[] }[]>(sim, "/customFields");
    const hotelGuest = fields.find((field) => field.name === "Hotel Guest")!;
    const yes = hotelGuest.multipleChoiceSelections.find((choice) => choice.name === "Yes")!;
    const window = `/bookings?fromDateTime=${TODAY}T00:00:00&toDateTime=2026-11-28T23:59:59&limit=100`;
    const plain = (await getJson<WireBooking[]>(sim, window)).body;
    const expanded = (await getJson<WireBooking[]>(sim, `${window}&expand=customFields`)).body;
    expect(expanded.map((booking) => booking._id)).toEqual(plain.map((booking) => booking._id));

    const plainEntries = plain.flatMap((booking) => booking.customFields).filter((entry) => entry._id === hotelGuest._id);
    const expandedEntries = expanded.flatMap((booking) => booking.customFields).filter((entry) => entry._id === hotelGuest._id);
    expect(plainEntries.length).toBeGreaterThan(10);
    expect(plainEntries.every((entry) => entry.multipleChoiceValueName === undefined)).toBe(true);
    expect(plainEntries.map((entry) => entry.value)).toContain(yes._id);
    expect(plainEntries.map((entry) => entry.value)).not.toContain("Yes");
    expect(expandedEntries.every((entry) => entry.multipleChoiceValueName === "Yes" || entry.multipleChoiceValueName === "No")).toBe(true);
    expect(expandedEntries.find((entry) => entry.value === yes._id)?.multipleChoiceValueName).toBe("Yes");

    // Text is a string and a checkbox a list of ticked choices, expanded or not.
    const entries = expanded.flatMap((booking) => booking.customFields);
    expect(entries.filter((entry) => entry.name === "Booking #").every((entry) => typeof entry.value === "string")).toBe(true);
    const diet = entries.filter((entry) => entry.name === "Dietary requirements");
    expect(diet.length).toBeGreaterThan(0);
    for (const entry of diet) {
      expect(entry.value).toEqual(expect.arrayContaining([expect.objectContaining({ _id: expect.any(String), name: expect.any(String), value: true })]));
    }
  });

  it("sends every documented booking field", async () => {
    const { body } = await getJson<Record<string, unknown>[]>(sim, day(TODAY));
    for (const booking of body) {
      expect(booking).toMatchObject({
        _id: expect.stringMatching(/^[0-9a-f]{24}$/),
        restaurantId: expect.stringMatching(/^[0-9a-f]{24}$/),
        date: TODAY,
        time: expect.stringMatching(/^\d{2}:\d{2}$/),
        people: expect.any(Number),
        status: expect.any(String),
        guest: expect.objectContaining({ name: expect.any(String) }),
        tables: expect.arrayContaining([{ _id: expect.any(String), name: expect.stringMatching(/^T\d+$/), area: { _id: expect.any(String), name: expect.stringMatching(/^(Restaurant|Conservatory|Terrace)$/) } }]),
        customFields: expect.any(Array),
        restaurantNotes: expect.any(Array),
        duration: expect.any(Number),
        source: expect.any(String),
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      });
      expect([90, 120]).toContain(booking.duration);
      expect(booking.canceledAt === null || typeof booking.canceledAt === "string").toBe(true);
    }
  });

  it("answers 404 with a JSON body to a path it does not know", async () => {
    for (const path of ["/bookingz", "/bookings/abc/restaurantNote"]) {
      const response = await sim.fetch(apiRequest(path));
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: expect.any(String) });
    }
    const outside = await sim.fetch(new Request("http://sim/v2/bookings", { headers: { authorization: BASIC } }));
    expect(outside.status).toBe(404);
    expect(await outside.json()).toEqual({ message: expect.any(String) });
  });
});

describe("resOS simulator: auth", () => {
  const sim = createResosSimulator({ seed: 3, rooms: 10, today: TODAY });

  it("answers 401 with a JSON body to a missing or wrong key, a password, or another scheme", async () => {
    for (const authorization of [null, `Basic ${btoa("wrong-key:")}`, `Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:secret`)}`, `Basic ${btoa(RESOS_SIMULATOR_API_KEY)}`, `Bearer ${RESOS_SIMULATOR_API_KEY}`, "Basic !!!"]) {
      const response = await sim.fetch(apiRequest("/customFields", authorization));
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.json()).toEqual({ message: expect.stringMatching(/\w/) });
    }
    expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(200);
  });

  it("takes another key when built with one", async () => {
    const own = createResosSimulator({ seed: 3, rooms: 10, today: TODAY, apiKey: "restaurant-key" });
    expect((await own.fetch(apiRequest("/customFields"))).status).toBe(401);
    expect((await own.fetch(apiRequest("/customFields", `Basic ${btoa("restaurant-key:")}`))).status).toBe(200);
  });
});

describe("resOS simulator: rate limit", () => {
  it("allows 100 calls per key in each fixed minute, says the ms left in Retry-After on every answer, and 429s the rest", async () => {
    let now = Date.UTC(2026, 10, 21, 9, 0, 15, 250);
    const sim = createResosSimulator({ seed: 3, rooms: 10, today: TODAY, clock: () => now });
    for (let call = 0; call < 100; call++) {
      const response = await sim.fetch(apiRequest("/customFields"));
      expect(response.status).toBe(200);
      expect(response.headers.get("retry-after")).toBe(String(60_000 - 15_250));
    }
    now += 10_000;
    const refused = await sim.fetch(apiRequest("/customFields"));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(60_000 - 25_250));
    expect(await refused.json()).toEqual({ message: expect.stringMatching(/100/) });

    // The window resets on the minute, not a minute after the first call.
    now = Date.UTC(2026, 10, 21, 9, 1, 0, 0);
    const next = await sim.fetch(apiRequest("/customFields"));
    expect(next.status).toBe(200);
    expect(next.headers.get("retry-after")).toBe("60000");
  });

  it("takes another limit and fixed window as an option, and records the time of every call the limit sees", async () => {
    let now = Date.UTC(2026, 10, 21, 9, 0, 0, 500);
    const sim = createResosSimulator({ seed: 3, rooms: 10, today: TODAY, clock: () => now, rateLimit: { limit: 2, windowMs: 2000 } });
    for (let call = 0; call < 2; call++) expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(200);
    now += 1000;
    const refused = await sim.fetch(apiRequest("/customFields"));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("500"); // the window of 2 s on the clock ends at 9:00:02
    expect(await refused.json()).toEqual({ message: "Too many requests: at most 2 per 2 s; retry after Retry-After ms" });
    now += 500;
    expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(200);
    const start = Date.UTC(2026, 10, 21, 9, 0, 0, 500);
    expect(sim.rateLimitedCalls()).toEqual([
      { at: start, allowed: true },
      { at: start, allowed: true },
      { at: start + 1000, allowed: false },
      { at: start + 1500, allowed: true },
    ]);
  });

  it("puts Retry-After on errors too: 400, 401 and 404", async () => {
    const now = Date.UTC(2026, 10, 21, 9, 0, 59, 900);
    const sim = createResosSimulator({ seed: 3, rooms: 10, today: TODAY, clock: () => now });
    const answers = [await sim.fetch(apiRequest("/bookings?limit=500")), await sim.fetch(apiRequest("/customFields", null)), await sim.fetch(apiRequest("/nothing-here"))];
    expect(answers.map((response) => response.status)).toEqual([400, 401, 404]);
    expect(answers.map((response) => response.headers.get("retry-after"))).toEqual(["100", "100", "100"]);
  });

  it("counts every /v1 call since the last reset, whatever its outcome, and no control call", async () => {
    const sim = createResosSimulator({ seed: 3, rooms: 10, today: TODAY });
    await sim.fetch(apiRequest("/customFields"));
    await sim.fetch(apiRequest("/customFields", null));
    await sim.fetch(apiRequest("/bookings?limit=500"));
    await sim.fetch(new Request("http://sim/__control/state"));
    expect(sim.callCount()).toBe(3);
    sim.reset({});
    expect(sim.callCount()).toBe(0);
  });
});

describe("resOS simulator: customFields and openingHours", () => {
  const sim = createResosSimulator({ seed: 3, rooms: 10, today: TODAY });

  it("defines the hotel's fields by name and type, with choices for the multiple-choice ones", async () => {
    const { body } = await getJson<{ _id: string; name: string; label: string; type: string; multipleChoiceSelections: { _id: string; name: string }[] }[]>(sim, "/customFields");
    const byName = new Map(body.map((field) => [field.name, field]));
    expect(Object.fromEntries(body.map((field) => [field.name, field.type]))).toEqual({
      "Booking #": "string",
      "Hotel Guest": "radio",
      DBB: "dropdown",
      "GROUP/EXCLUDE": "string",
      Occasion: "dropdown",
      "Dietary requirements": "checkbox",
      Allergies: "string",
    });
    expect(byName.get("Hotel Guest")!.multipleChoiceSelections.map((choice) => choice.name)).toEqual(["Yes", "No"]);
    expect(byName.get("Dietary requirements")!.multipleChoiceSelections.map((choice) => choice.name)).toEqual([
      "Vegan", "Vegetarian", "Gluten free", "Nut allergy", "Dairy free", "Shellfish allergy",
    ]);
    expect(byName.get("Booking #")!.multipleChoiceSelections).toEqual([]);
    const ids = body.flatMap((field) => [field._id, ...field.multipleChoiceSelections.map((choice) => choice._id)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(body.every((field) => field.label.length > 0)).toBe(true);
  });

  interface Hour {
    _id: string;
    name: string;
    day?: number;
    open: number;
    close: number;
    special: boolean;
    seating?: { duration: number };
    deleted?: boolean;
    date?: string;
    isOpen?: boolean;
  }

  it("lists lunch Wednesday to Sunday and dinner every day, HHMM, with the seating duration", async () => {
    const { body } = await getJson<Hour[]>(sim, "/openingHours?showDeleted=false&onlySpecial=false");
    const regular = body.filter((hour) => !hour.special);
    expect(regular.filter((hour) => hour.name === "Lunch").map((hour) => hour.day).toSorted()).toEqual([3, 4, 5, 6, 7]);
    expect(regular.filter((hour) => hour.name === "Dinner").map((hour) => hour.day).toSorted()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(regular.find((hour) => hour.name === "Dinner" && hour.day === 1)).toMatchObject({ open: 1800, close: 2130, seating: { duration: 90 } });
    expect(regular.find((hour) => hour.name === "Lunch" && hour.day === 3)).toMatchObject({ open: 1200, close: 1430, seating: { duration: 90 } });
    expect(regular.every((hour) => hour.deleted === undefined && [90, 120].includes(hour.seating!.duration))).toBe(true);
  });

  it("has one special closure nine days ahead, and returns only specials for onlySpecial=true", async () => {
    const { body } = await getJson<Hour[]>(sim, "/openingHours?showDeleted=false&onlySpecial=true");
    expect(body).toEqual([{ _id: expect.stringMatching(/^[0-9a-f]{24}$/), name: "Closed: private event", special: true, date: "2026-11-30", isOpen: false, open: 0, close: 0 }]);
  });

  it("also returns periods deleted long ago unless showDeleted=false is sent", async () => {
    const shown = (await getJson<Hour[]>(sim, "/openingHours?showDeleted=false&onlySpecial=false")).body;
    for (const path of ["/openingHours", "/openingHours?onlySpecial=false", "/openingHours?showDeleted=true"]) {
      const all = (await getJson<Hour[]>(sim, path)).body;
      const deleted = all.filter((hour) => hour.deleted === true);
      expect(deleted.map((hour) => hour.name)).toContain("Sunday Carvery");
      expect(all).toHaveLength(shown.length + deleted.length);
    }
    expect(shown.some((hour) => hour.deleted)).toBe(false);
  });
});

describe("resOS simulator: in-process fetch", () => {
  it("rejects with the signal's reason when the request is already aborted", async () => {
    const sim = createResosSimulator({ seed: 3, rooms: 10, today: TODAY });
    const controller = new AbortController();
    controller.abort(new Error("gave up"));
    await expect(sim.fetch(new Request("http://sim/v1/customFields", { headers: { authorization: BASIC }, signal: controller.signal }))).rejects.toThrow("gave up");
  });

  it("refuses options it cannot build from", () => {
    expect(() => createResosSimulator({ seed: 3, rooms: 0, today: TODAY })).toThrow(/rooms/);
    expect(() => createResosSimulator({ seed: 3, rooms: 10, today: "2026-02-30" })).toThrow(/today/);
    expect(() => createResosSimulator({ seed: 3, rooms: 10, today: TODAY, apiKey: "a:b" })).toThrow(/apiKey/);
  });
});
