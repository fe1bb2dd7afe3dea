// The resOS client against the resOS simulator: skip paging past 100, both ends of the
// window on every page, the window widened a day each side and filtered on the bookings'
// own dates, custom fields of every shape, pacing, and every way a call can fail, each
// turned into a ResosError a kitchen admin can read.
import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates";
import type { TableBooking } from "../../src/domain/restaurant";
import { CallPacer } from "../../src/net/call-pacer";
import { type FetchFunction, ResosClient } from "../../src/resos/client";
import { ResosError } from "../../src/resos/errors";
import { createResosSimulator, RESOS_SIMULATOR_API_KEY, type ResosSimulator } from "../../src/resos/simulator";

const TODAY = "2026-03-10";
/** Where tests pile up tables past one page; the generated ones there are counted from the wire. */
const BUSY = addDays(TODAY, 5);
let simulator: ResosSimulator;

/** A pacer that never waits: these tests are about the wire, not the clock. */
const noWait = () => new CallPacer({ now: () => 0, sleep: async () => {} }, Number.MAX_SAFE_INTEGER);

function client(options: { fetch?: FetchFunction; timeoutMs?: number; maxPages?: number; apiKey?: string; pacer?: CallPacer } = {}) {
  return new ResosClient({
    baseUrl: "http://resos.test/v1/",
    apiKey: options.apiKey ?? RESOS_SIMULATOR_API_KEY,
    fetch: options.fetch ?? ((request) => simulator.fetch(request)),
    timeoutMs: options.timeoutMs,
    maxPages: options.maxPages,
    pacer: options.pacer ?? noWait(),
  });
}

async function control<T = unknown>(path: string, body: unknown = {}, method = "POST"): Promise<T> {
  const response = await simulator.fetch(new Request(`http://resos.test/__control/${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
  expect(response.ok, `${path}: ${response.status} ${await response.clone().text()}`).toBe(true);
  return response.json<T>();
}

const injectFault = (fault: Record<string, unknown>) => control("faults", fault);

async function failure(promise: Promise<unknown>): Promise<ResosError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ResosError);
  return error as ResosError;
}

interface Seen {
  url: URL;
  request: Request;
  rows: { _id: string; date?: string; customFields?: unknown }[];
}

/** A fetch that records every request and the rows each answer held. */
function spy(): { fetch: FetchFunction; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: async (request) => {
      const record: Seen = { url: new URL(request.url), request: request.clone(), rows: [] };
      seen.push(record);
      const response = await simulator.fetch(request);
      const body: unknown = await response.clone().json().catch(() => null);
      if (Array.isArray(body)) record.rows = body as Seen["rows"];
      return response;
    },
  };
}

const field = (booking: TableBooking, name: string) => booking.fields.find((candidate) => candidate.name === name);

beforeEach(() => {
  simulator = createResosSimulator({ seed: 7, rooms: 40, today: TODAY });
});

describe("paging", () => {
  it("reads a day of 130 tables past the first page, skip 0, 100, ... until a short page", async () => {
    const busy = await control<{ added: number; bookings_on_date: number; ids: string[] }>("busy-day", { date: BUSY, count: 130 });
    expect(busy.added).toBe(130);
    const { fetch, seen } = spy();

    const { bookings, warnings } = await client({ fetch }).bookingsForDates(BUSY, BUSY, []);

    expect(warnings).toEqual([]);
    expect(bookings.length).toBe(busy.bookings_on_date);
    expect(busy.ids.every((id) => bookings.some((booking) => booking.resosBookingId === id))).toBe(true);
    // Past one page: the 130 alone need two.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.map((call) => call.url.searchParams.get("skip"))).toEqual(seen.map((_, page) => String(page * 100)));
    expect(seen.slice(0, -1).every((call) => call.rows.length === 100)).toBe(true);
    expect(seen.at(-1)!.rows.length).toBeLessThan(100);
  });

  it("asks for at most 100 rows and sends both ends of the window, on every page", async () => {
    await control("busy-day", { date: BUSY, count: 250 });
    const { fetch, seen } = spy();
    await client({ fetch }).bookingsForDates(BUSY, addDays(BUSY, 1), []);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const { url } of seen) {
      expect(url.pathname).toBe("/v1/bookings");
      expect(Number(url.searchParams.get("limit"))).toBeLessThanOrEqual(100);
      expect(url.searchParams.get("fromDateTime")).toBe(`${addDays(BUSY, -1)}T00:00:00`);
      expect(url.searchParams.get("toDateTime")).toBe(`${addDays(BUSY, 2)}T23:59:59`);
      expect(url.searchParams.get("expand")).toBe("customFields");
    }
  });

  it("widens the window by a day each side and keeps only the bookings dated [from, to]", async () => {
    const from = BUSY;
    const to = addDays(BUSY, 1);
    const before = await control<{ _id: string }>("bookings", { date: addDays(from, -1), time: "23:30", people: 2 });
    const first = await control<{ _id: string }>("bookings", { date: from, time: "00:15", people: 2 });
    const last = await control<{ _id: string }>("bookings", { date: to, time: "23:45", people: 2 });
    const after = await control<{ _id: string }>("bookings", { date: addDays(to, 1), time: "00:30", people: 2 });
    const { fetch, seen } = spy();

    const { bookings } = await client({ fetch }).bookingsForDates(from, to, []);

    const wireIds = seen.flatMap((call) => call.rows.map((row) => row._id));
    // The wire did carry the neighbours (the window was widened) ...
    expect(wireIds).toEqual(expect.arrayContaining([before._id, after._id]));
    // ... and the client dropped them on the bookings' own dates.
    const ids = bookings.map((booking) => booking.resosBookingId);
    expect(ids).toEqual(expect.arrayContaining([first._id, last._id]));
    expect(ids).not.toContain(before._id);
    expect(ids).not.toContain(after._id);
    expect(bookings.every((booking) => booking.date >= from && booking.date <= to)).toBe(true);
    expect(seen.flatMap((call) => call.rows).filter((row) => row.date! < from || row.date! > to).length).toBeGreaterThan(0);
  });

  it("counts a booking once when one added mid-paging pushes it onto the next page", async () => {
    const busy = await control<{ ids: string[] }>("busy-day", { date: BUSY, count: 150 });
    const { fetch: record, seen } = spy();
    let added = false;
    const fetch: FetchFunction = async (request) => {
      const response = await record(request);
      // After page 1, staff add a table that sorts before every other: each row moves down one.
      if (!added) {
        added = true;
        await control("bookings", { date: addDays(BUSY, -1), time: "00:05", people: 2 });
      }
      return response;
    };

    const { bookings } = await client({ fetch }).bookingsForDates(BUSY, BUSY, []);

    const wireIds = seen.flatMap((call) => call.rows.map((row) => row._id));
    expect(wireIds.length).toBeGreaterThan(new Set(wireIds).size); // the shift really happened
    const ids = bookings.map((booking) => booking.resosBookingId);
    expect(ids.length).toBe(new Set(ids).size);
    expect(busy.ids.every((id) => ids.includes(id))).toBe(true);
  });

  it("asks once more after a page of exactly 100, and stops at the empty one", async () => {
    const skips: number[] = [];
    const fetch: FetchFunction = async (request) => {
      const skip = Number(new URL(request.url).searchParams.get("skip"));
      skips.push(skip);
      const rows = Array.from({ length: Math.max(0, Math.min(100, 200 - skip)) }, (_, i) => ({ _id: `b${skip + i}`, date: TODAY, time: "19:00", people: 2, status: "approved" }));
      return Response.json(rows);
    };
    const { bookings } = await client({ fetch }).bookingsForDates(TODAY, TODAY, []);
    expect(skips).toEqual([0, 100, 200]);
    expect(bookings).toHaveLength(200);
  });

  it("stops a server that never stops sending full pages", async () => {
    let calls = 0;
    const endless: FetchFunction = async () => {
      calls++;
      return Response.json(Array.from({ length: 100 }, (_, i) => ({ _id: `p${calls}-${i}`, date: TODAY })));
    };
    const resos = client({ fetch: endless, maxPages: 3 });
    const error = await failure(resos.bookingsForDates(TODAY, TODAY, []));
    expect(error.kind).toBe("paging");
    expect(error.message).toBe("resOS kept sending full pages of /bookings past 3 pages (300 bookings); stopped.");
    expect(calls).toBe(3);
    expect(resos.calls).toBe(3);
  });

  it("lets the guard grow with the window: ten pages a day, the widened days included", async () => {
    const endless: FetchFunction = async (request) => {
      const skip = Number(new URL(request.url).searchParams.get("skip"));
      return Response.json(Array.from({ length: 100 }, (_, i) => ({ _id: `p${skip}-${i}`, date: TODAY })));
    };
    const oneDay = await failure(client({ fetch: endless }).bookingsForDates(TODAY, TODAY, []));
    expect(oneDay.message).toContain("past 30 pages");
    const month = await failure(client({ fetch: endless }).bookingsForDates(TODAY, addDays(TODAY, 30), []));
    expect(month.message).toContain("past 330 pages");
  });
});

describe("what comes back", () => {
  it("a table added through resOS, every field mapped", async () => {
    const { _id } = await control<{ _id: string }>("bookings", {
      date: TODAY,
      time: "19:15",
      people: 3,
      guest: { name: "Grace Hopper", email: "grace@example.com", phone: "+44 7700 900456" },
      booking_number: "100123",
      hotel_guest: true,
      dbb: false,
      group: "G#7001",
      notes: ["Room 12", "Birthday"],
      dietary: ["Vegan", "Gluten free"],
      allergies: "Peanuts",
    });
    const resos = client();
    const definitions = await resos.customFields();
    const { bookings, warnings } = await resos.bookingsForDates(TODAY, TODAY, definitions);
    expect(warnings).toEqual([]);
    const booking = bookings.find((candidate) => candidate.resosBookingId === _id)!;
    expect(booking).toMatchObject({ date: TODAY, time: "19:15", people: 3, status: "approved", guestName: "Grace Hopper", guestEmail: "grace@example.com", guestPhone: "+44 7700 900456", notes: ["Room 12", "Birthday"] });
    expect(booking.tableNames.length).toBeGreaterThan(0);
    expect(booking.areaName).not.toBeNull();
    expect(field(booking, "Booking #")?.values).toEqual(["100123"]);
    expect(field(booking, "Hotel Guest")?.values).toEqual(["Yes"]);
    expect(field(booking, "DBB")?.values).toEqual(["No"]);
    expect(field(booking, "GROUP/EXCLUDE")?.values).toEqual(["G#7001"]);
    expect(field(booking, "Dietary requirements")?.values).toEqual(["Vegan", "Gluten free"]);
    expect(field(booking, "Allergies")?.values).toEqual(["Peanuts"]);
    expect(field(booking, "Hotel Guest")?.fieldId).toBe(definitions.find((definition) => definition.name === "Hotel Guest")!.id);
  });

  it("radio and dropdown choices read from the definitions when resOS sends no label", async () => {
    const { _id } = await control<{ _id: string }>("bookings", { date: TODAY, time: "19:00", people: 2, hotel_guest: true, dbb: true });
    // resOS without expand=customFields: the choice id alone.
    const withoutLabels: FetchFunction = async (request) => {
      const rows = await (await simulator.fetch(request)).json<Record<string, unknown>[]>();
      if (!new URL(request.url).pathname.endsWith("/bookings")) return Response.json(rows);
      return Response.json(rows.map((row) => ({ ...row, customFields: (row.customFields as Record<string, unknown>[]).map(({ multipleChoiceValueName: _, ...entry }) => entry) })));
    };
    const resos = client({ fetch: withoutLabels });
    const definitions = await resos.customFields();
    const withDefinitions = (await resos.bookingsForDates(TODAY, TODAY, definitions)).bookings.find((booking) => booking.resosBookingId === _id)!;
    expect(field(withDefinitions, "Hotel Guest")?.values).toEqual(["Yes"]);
    expect(field(withDefinitions, "DBB")?.values).toEqual(["Yes"]);

    // The same answer labelled by resOS gives the same words.
    const labelled = (await client().bookingsForDates(TODAY, TODAY, [])).bookings.find((booking) => booking.resosBookingId === _id)!;
    expect(labelled.fields).toEqual(withDefinitions.fields);
  });

  it("a dietary checkbox from older data, a plain string, split on commas", async () => {
    const { fetch, seen } = spy();
    const from = addDays(TODAY, -25);
    const { bookings } = await client({ fetch }).bookingsForDates(from, TODAY, await client().customFields());
    const legacy = seen
      .flatMap((call) => call.rows)
      .find((row) => (row.customFields as { name: string; value: unknown }[]).some((entry) => entry.name === "Dietary requirements" && entry.value === "Gluten free, no onions"));
    expect(legacy, "the simulator plants one such booking in the last 25 days").toBeDefined();
    const booking = bookings.find((candidate) => candidate.resosBookingId === legacy!._id)!;
    expect(field(booking, "Dietary requirements")?.values).toEqual(["Gluten free", "no onions"]);
  });

  it("statuses in lower case, cancelled spelt one way, canceled tables kept", async () => {
    const old = await control<{ _id: string }>("bookings", { date: TODAY, time: "20:00", people: 2, status: "cancelled" });
    const canceled = await control<{ _id: string }>("bookings", { date: TODAY, time: "20:15", people: 2 });
    await control(`bookings/${canceled._id}/cancel`);
    const { bookings } = await client().bookingsForDates(TODAY, TODAY, []);
    const status = (id: string) => bookings.find((booking) => booking.resosBookingId === id)?.status;
    expect(status(old._id)).toBe("canceled");
    expect(status(canceled._id)).toBe("canceled");
  });

  it("malformed records are skipped or emptied with warnings, the rest kept", async () => {
    const good = await control<{ _id: string }>("bookings", { date: addDays(TODAY, 1), time: "19:00", people: 2 });
    await injectFault({ kind: "bad_records" });
    const { bookings, warnings } = await client().bookingsForDates(TODAY, addDays(TODAY, 2), await client().customFields());

    const bad = (n: number) => `bad${String(n).padStart(21, "0")}`;
    expect(bookings.some((booking) => booking.resosBookingId === good._id)).toBe(true);
    expect(bookings.some((booking) => booking.resosBookingId === bad(1))).toBe(false); // no date
    expect(bookings.find((booking) => booking.resosBookingId === bad(2))?.time).toBeNull(); // 25:99
    const odd = bookings.find((booking) => booking.resosBookingId === bad(3))!;
    expect(field(odd, "Booking #")?.values).toEqual(["12345"]); // a number in a text field: its string
    expect(field(odd, "Allergies")?.values).toEqual([]); // an object in a text field
    expect(warnings).toEqual([
      `booking ${bad(1)}: no date; skipped.`,
      `booking ${bad(2)}: a time that is not HH:MM; kept without a time.`,
      `booking ${bad(3)}: custom field "Allergies" holds an object where text was expected; left empty.`,
    ]);
    // Warnings name bookings, never guests.
    expect(warnings.join(" ")).not.toMatch(/No Date|Impossible Time|Odd Fields|nuts/);
  });
});

describe("the restaurant", () => {
  it("custom fields: the definitions with their types and choices", async () => {
    const definitions = await client().customFields();
    expect(definitions.map((definition) => [definition.name, definition.type])).toEqual([
      ["Booking #", "string"],
      ["Hotel Guest", "radio"],
      ["DBB", "dropdown"],
      ["GROUP/EXCLUDE", "string"],
      ["Occasion", "dropdown"],
      ["Dietary requirements", "checkbox"],
      ["Allergies", "string"],
    ]);
    expect(definitions.find((definition) => definition.name === "Hotel Guest")!.choices.map((choice) => choice.name)).toEqual(["Yes", "No"]);
  });

  it("opening hours without the deleted periods, and the special closure as closed", async () => {
    const { fetch, seen } = spy();
    const hours = await client({ fetch }).openingHours();
    expect(seen[0]!.url.pathname).toBe("/v1/openingHours");
    expect(seen[0]!.url.searchParams.get("showDeleted")).toBe("false");
    expect(seen[0]!.url.searchParams.get("onlySpecial")).toBe("false");
    expect(hours.map((hour) => hour.name)).not.toContain("Sunday Carvery");
    expect(hours.filter((hour) => hour.closed)).toEqual([
      expect.objectContaining({ special: true, day: null, date: addDays(TODAY, 9), closed: true }),
    ]);
    const dinner = hours.find((hour) => hour.name === "Dinner" && hour.day === 5)!;
    expect(dinner).toEqual(expect.objectContaining({ open: 1800, close: 2230, seatingMinutes: 120, special: false, date: null, closed: false }));
  });

  it("a deleted period that slips through is dropped all the same", async () => {
    const fetch: FetchFunction = async () =>
      Response.json([
        { _id: "h1", name: "Lunch", day: 3, open: 1200, close: 1430, special: false, seating: { duration: 90 } },
        { _id: "h2", name: "Sunday Carvery", day: 7, open: 1200, close: 1600, special: false, deleted: true },
      ]);
    expect((await client({ fetch }).openingHours()).map((hour) => hour.id)).toEqual(["h1"]);
  });
});

describe("failures", () => {
  it("401 says the API key was rejected", async () => {
    await injectFault({ kind: "401" });
    const error = await failure(client().customFields());
    expect(error.kind).toBe("auth");
    expect(error.message).toBe("resOS rejected the API key.");
    expect(error.details.status).toBe(401);
  });

  it("a wrong key is the same 401, and the key is in no message", async () => {
    const error = await failure(client({ apiKey: "wrong-key-123" }).bookingsForDates(TODAY, TODAY, []));
    expect(error.kind).toBe("auth");
    expect(error.message).not.toContain("wrong-key-123");
  });

  it("429 is throttling, its Retry-After read as milliseconds", async () => {
    await injectFault({ kind: "throttled", retry_after_ms: 1500 });
    const error = await failure(client().bookingsForDates(TODAY, TODAY, []));
    expect(error.kind).toBe("throttled");
    expect(error.message).toBe("resOS is limiting requests (HTTP 429); the sync will wait and retry.");
    expect(error.details.retryAfterMs).toBe(1500);
  });

  it("an HTTP 500 is reported with its status, and no wait (every resOS answer has a Retry-After)", async () => {
    await injectFault({ kind: "500" });
    const error = await failure(client().customFields());
    expect(error.kind).toBe("http");
    expect(error.message).toBe("resOS answered /customFields with HTTP 500.");
    expect(error.details).toEqual({ status: 500 });
  });

  it("a refused request says what resOS objected to", async () => {
    const fetch: FetchFunction = async () => Response.json({ message: "limit must not exceed 100" }, { status: 400 });
    const error = await failure(client({ fetch }).bookingsForDates(TODAY, TODAY, []));
    expect(error.kind).toBe("http");
    expect(error.message).toBe("resOS answered /bookings with HTTP 400: limit must not exceed 100.");
  });

  it("an HTML page with 200 is a clear error, not a crash", async () => {
    await injectFault({ kind: "html" });
    const error = await failure(client().bookingsForDates(TODAY, TODAY, []));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toBe("resOS answered /bookings with a body that is not JSON (text/html).");
  });

  it("JSON that is not a list is a bad response", async () => {
    const fetch: FetchFunction = async () => Response.json({ bookings: [] });
    const error = await failure(client({ fetch }).bookingsForDates(TODAY, TODAY, []));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toBe("resOS answered /bookings with an object where a list was expected.");
  });

  it("a call that hangs times out", async () => {
    await injectFault({ kind: "hang" });
    const error = await failure(client({ timeoutMs: 100 }).bookingsForDates(TODAY, TODAY, []));
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe("resOS did not answer /bookings within 100 ms.");
  });

  it("a 200 whose body stalls part way times out", async () => {
    const fetch: FetchFunction = async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('[{"_id":"b1",'));
          // ... and nothing more, ever.
        },
      });
      return new Response(body, { headers: { "content-type": "application/json" } });
    };
    const error = await failure(client({ fetch, timeoutMs: 100 }).bookingsForDates(TODAY, TODAY, []));
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe("resOS did not finish answering /bookings within 100 ms.");
  });

  it("a slow answer inside the time allowed is fine", async () => {
    await injectFault({ kind: "slow", delay_ms: 50 });
    expect((await client({ timeoutMs: 5000 }).customFields()).length).toBe(7);
  });

  it("a failure on page 2 fails the whole call", async () => {
    await control("busy-day", { date: BUSY, count: 250 });
    await injectFault({ kind: "page", page: 2 });
    const { fetch, seen } = spy();
    const error = await failure(client({ fetch }).bookingsForDates(BUSY, BUSY, []));
    expect(error.kind).toBe("http");
    expect(error.details.status).toBe(500);
    // Page 1 came back fine and nothing was asked after the failed page.
    expect(seen.map((call) => call.url.searchParams.get("skip"))).toEqual(["0", "100"]);
  });

  it("a network failure names the path", async () => {
    const fetch: FetchFunction = async () => {
      throw new TypeError("connection refused");
    };
    const error = await failure(client({ fetch }).openingHours());
    expect(error.kind).toBe("network");
    expect(error.message).toBe("Could not reach resOS for /openingHours: connection refused");
  });
});

describe("every call", () => {
  it("is a GET with the key as the Basic-auth username and an empty password", async () => {
    const { fetch, seen } = spy();
    await client({ fetch }).customFields();
    const { request, url } = seen[0]!;
    expect(url.href).toBe("http://resos.test/v1/customFields");
    expect(request.method).toBe("GET");
    expect(request.headers.get("authorization")).toBe(`Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:`)}`);
    expect(request.headers.get("accept")).toBe("application/json");
  });

  it("is counted, refused ones included", async () => {
    await control("busy-day", { date: BUSY, count: 150 });
    const resos = client();
    await resos.bookingsForDates(BUSY, BUSY, []);
    const pages = resos.calls;
    expect(pages).toBeGreaterThanOrEqual(2);
    await injectFault({ kind: "500" });
    await failure(resos.customFields());
    expect(resos.calls).toBe(pages + 1);
    expect(simulator.callCount()).toBe(pages + 1);
  });
});

describe("pacing", () => {
  it("the 101st call in a minute waits for a free slot, so resOS's fixed minute never refuses", async () => {
    // One fake clock for the pacer and the simulator's rate windows.
    let now = Date.UTC(2026, 2, 10, 12, 0, 30);
    const waits: number[] = [];
    const pacer = new CallPacer({
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    simulator = createResosSimulator({ seed: 7, rooms: 40, today: TODAY, clock: () => now });
    const resos = client({ pacer });
    for (let i = 0; i < 100; i++) {
      await resos.customFields();
      now += 100;
    }
    expect(waits).toEqual([]);
    await resos.customFields(); // the 101st, 10 s after the first: waits the remaining 50 s
    expect(waits).toEqual([50_000]);
    expect(resos.calls).toBe(101);

    // Another key has its own minute.
    const other = client({ pacer, apiKey: "another-restaurant", fetch: async () => Response.json([]) });
    await other.customFields();
    expect(waits).toEqual([50_000]);
  });

  it("without pacing, the simulator would have refused the 101st call (the test above can fail)", async () => {
    const now = Date.UTC(2026, 2, 10, 12, 0, 30);
    simulator = createResosSimulator({ seed: 7, rooms: 40, today: TODAY, clock: () => now });
    const resos = client();
    for (let i = 0; i < 100; i++) await resos.customFields();
    const error = await failure(resos.customFields());
    expect(error.kind).toBe("throttled");
    expect(error.details.retryAfterMs).toBe(30_000);
  });
});
