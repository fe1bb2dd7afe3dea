// resOS wire records -> the product's restaurant shapes, pure: every custom-field shape
// (text, a choice by label or by id, checkboxes as a list or an old plain string, and the
// shapes no field has), statuses, times, the date filter, duplicates, and the warnings
// that say what was left out without naming a guest.
import { describe, expect, it } from "vitest";
import type { CustomFieldDefinition } from "../../src/domain/restaurant";
import { parseResosRetryAfter } from "../../src/resos/errors";
import { fieldValue, statusWord, timeOfDay, toCustomFieldDefinitions, toOpeningHours, toTableBookings } from "../../src/resos/wire-to-restaurant";
import { ResosFieldEntry } from "../../src/resos/schemas";

const RANGE = { from: "2026-03-10", to: "2026-03-11" };

const DEFINITIONS: CustomFieldDefinition[] = [
  { id: "f-number", name: "Booking #", type: "string", choices: [] },
  { id: "f-guest", name: "Hotel Guest", type: "radio", choices: [{ id: "c-yes", name: "Yes" }, { id: "c-no", name: "No" }] },
  { id: "f-dbb", name: "DBB", type: "dropdown", choices: [{ id: "c-dbb-yes", name: "Yes" }, { id: "c-dbb-no", name: "No" }] },
  { id: "f-diet", name: "Dietary requirements", type: "checkbox", choices: [{ id: "c-vegan", name: "Vegan" }, { id: "c-gf", name: "Gluten free" }] },
];

function wireBooking(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _id: "b1",
    restaurantId: "r1",
    date: "2026-03-10",
    time: "19:30",
    people: 2,
    status: "approved",
    guest: { name: "  Ada Lovelace ", email: "ada@example.com", phone: " +44 7700 900123 " },
    tables: [
      { _id: "t1", name: "12", area: { _id: "a1", name: "Conservatory" } },
      { _id: "t2", name: "13", area: { _id: "a1", name: "Conservatory" } },
    ],
    customFields: [],
    restaurantNotes: [{ restaurantNote: "Window seat" }, { restaurantNote: 42 }, { restaurantNote: "Room 12" }],
    duration: 90,
    source: "website",
    createdAt: "2026-03-01T10:00:00.000Z",
    canceledAt: null,
    ...overrides,
  };
}

/** The values of one entry, and the warnings it gave. */
function read(entry: Record<string, unknown>, definitions = DEFINITIONS) {
  const warnings: string[] = [];
  const parsed = ResosFieldEntry.parse(entry);
  const field = fieldValue(parsed, definitions.find((definition) => definition.id === parsed._id), (problem) => warnings.push(problem));
  return { values: field.values, name: field.name, warnings };
}

describe("a booking", () => {
  it("maps every field of a well-formed booking", () => {
    const { bookings, warnings } = toTableBookings([wireBooking()], RANGE, DEFINITIONS);
    expect(warnings).toEqual([]);
    expect(bookings).toEqual([
      {
        resosBookingId: "b1",
        date: "2026-03-10",
        time: "19:30",
        people: 2,
        status: "approved",
        tableNames: ["12", "13"],
        areaName: "Conservatory",
        guestName: "Ada Lovelace",
        guestPhone: "+44 7700 900123",
        guestEmail: "ada@example.com",
        notes: ["Window seat", "Room 12"],
        fields: [],
      },
    ]);
  });

  it("lower-cases statuses, spells cancelled one way, and keeps words it does not know", () => {
    expect(statusWord("Approved")).toBe("approved");
    expect(statusWord("cancelled")).toBe("canceled");
    expect(statusWord("CANCELED")).toBe("canceled");
    expect(statusWord("no_show")).toBe("no_show");
    expect(statusWord("on_hold")).toBe("on_hold");
  });

  it("keeps a time of day as HH:MM and nothing else", () => {
    expect(timeOfDay("19:30")).toBe("19:30");
    expect(timeOfDay("00:00")).toBe("00:00");
    expect(timeOfDay("23:59")).toBe("23:59");
    expect(timeOfDay("9:05")).toBe("09:05");
    expect(timeOfDay("24:00")).toBeNull();
    expect(timeOfDay("25:99")).toBeNull();
    expect(timeOfDay("19.30")).toBeNull();
    expect(timeOfDay(null)).toBeNull();
  });

  it("reads people as a whole number of at least 0, from a number or a string", () => {
    const people = (value: unknown) => toTableBookings([wireBooking({ people: value })], RANGE, []).bookings[0]!.people;
    expect(people("4")).toBe(4);
    expect(people(3.7)).toBe(3);
    expect(people(-2)).toBe(0);
    expect(people("many")).toBe(0);
    expect(people(undefined)).toBe(0);
  });

  it("gives null guest details, no tables and no area when resOS sent none", () => {
    const [booking] = toTableBookings([wireBooking({ guest: { name: "   " }, tables: [], restaurantNotes: "not a list" })], RANGE, []).bookings;
    expect(booking).toMatchObject({ guestName: null, guestPhone: null, guestEmail: null, tableNames: [], areaName: null, notes: [] });
  });

  it("skips a booking without a usable date, with a warning that names only its _id", () => {
    const { bookings, warnings } = toTableBookings(
      [wireBooking({ _id: "no-date", date: undefined }), wireBooking({ _id: "bad-date", date: "10/03/2026" }), wireBooking({ _id: "feb-30", date: "2026-02-30" }), wireBooking()],
      RANGE,
      [],
    );
    expect(bookings.map((booking) => booking.resosBookingId)).toEqual(["b1"]);
    expect(warnings).toEqual(["booking no-date: no date; skipped.", "booking bad-date: a date that is not YYYY-MM-DD; skipped.", "booking feb-30: a date that is not YYYY-MM-DD; skipped."]);
    expect(warnings.join(" ")).not.toContain("Ada");
  });

  it("keeps a booking with an impossible time, without the time, and says so", () => {
    const { bookings, warnings } = toTableBookings([wireBooking({ time: "25:99" })], RANGE, []);
    expect(bookings[0]!.time).toBeNull();
    expect(warnings).toEqual(["booking b1: a time that is not HH:MM; kept without a time."]);
  });

  it("keeps only bookings dated inside [from, to], both days included", () => {
    const rows = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"].map((date) => wireBooking({ _id: date, date }));
    expect(toTableBookings(rows, RANGE, []).bookings.map((booking) => booking.date)).toEqual(["2026-03-10", "2026-03-11"]);
  });

  it("counts a booking seen twice (a page shifted) once, as its later copy", () => {
    const rows = [wireBooking({ people: 2 }), wireBooking({ _id: "b2" }), wireBooking({ people: 5 })];
    const { bookings } = toTableBookings(rows, RANGE, []);
    expect(bookings.map((booking) => [booking.resosBookingId, booking.people])).toEqual([
      ["b1", 5],
      ["b2", 2],
    ]);
  });

  it("skips records that are not bookings, counted in one warning", () => {
    const { bookings, warnings } = toTableBookings([null, 7, { date: "2026-03-10" }, wireBooking()], RANGE, []);
    expect(bookings).toHaveLength(1);
    expect(warnings).toEqual(["3 records from resOS without a booking _id: skipped."]);
  });
});

describe("custom fields on a booking", () => {
  it("text: the trimmed string, a number as its string", () => {
    expect(read({ _id: "f-number", name: "Booking #", value: "  12345 " }).values).toEqual(["12345"]);
    expect(read({ _id: "f-number", name: "Booking #", value: 12345 }).values).toEqual(["12345"]);
    expect(read({ _id: "f-number", name: "Booking #", value: "" })).toEqual({ values: [], name: "Booking #", warnings: [] });
  });

  it("radio: the label resOS sent, never the choice id in `value`", () => {
    expect(read({ _id: "f-guest", name: "Hotel Guest", value: "c-no", multipleChoiceValueName: "Yes" }).values).toEqual(["Yes"]);
  });

  it("radio and dropdown without a label: the choice's name from the definitions", () => {
    expect(read({ _id: "f-guest", name: "Hotel Guest", value: "c-yes" }).values).toEqual(["Yes"]);
    expect(read({ _id: "f-dbb", name: "DBB", value: "c-dbb-no" }).values).toEqual(["No"]);
  });

  it("a choice id the definitions do not have: empty, with a warning", () => {
    const result = read({ _id: "f-guest", name: "Hotel Guest", value: "c-gone" });
    expect(result.values).toEqual([]);
    expect(result.warnings).toEqual([`custom field "Hotel Guest" names a choice that is not among the field's choices; left empty.`]);
  });

  it("checkbox: the names of the ticked boxes only", () => {
    const value = [
      { _id: "c-vegan", name: "Vegan", value: true },
      { _id: "c-gf", name: "Gluten free", value: false },
    ];
    expect(read({ _id: "f-diet", name: "Dietary requirements", value }).values).toEqual(["Vegan"]);
    expect(read({ _id: "f-diet", name: "Dietary requirements", value: [{ _id: "c-gf", value: true }] }).values).toEqual(["Gluten free"]);
  });

  it("checkbox in older data: the plain string split on commas", () => {
    expect(read({ _id: "f-diet", name: "Dietary requirements", value: "Vegan, Gluten free ,," }).values).toEqual(["Vegan", "Gluten free"]);
  });

  it("a shape the field's type never has: empty, with a warning that gives the shape, not the value", () => {
    const checkboxNumber = read({ _id: "f-diet", name: "Dietary requirements", value: 3 });
    expect(checkboxNumber.values).toEqual([]);
    expect(checkboxNumber.warnings).toEqual([`custom field "Dietary requirements" holds a number where a list of boxes was expected; left empty.`]);

    const textObject = read({ _id: "f-number", name: "Booking #", value: { text: "nuts", severity: "high" } });
    expect(textObject.values).toEqual([]);
    expect(textObject.warnings).toEqual([`custom field "Booking #" holds an object where text was expected; left empty.`]);
    expect(textObject.warnings[0]).not.toContain("nuts");

    expect(read({ _id: "f-guest", name: "Hotel Guest", value: ["c-yes"] }).warnings).toHaveLength(1);
    expect(read({ _id: "f-diet", name: "Dietary requirements", value: ["Vegan"] }).warnings).toHaveLength(1);
  });

  it("a field with no definition: its type read from the value's shape", () => {
    expect(read({ _id: "f-new", name: "Package", value: " Half board " }, []).values).toEqual(["Half board"]);
    expect(read({ _id: "f-new", name: "Hotel Guest", value: "c-1", multipleChoiceValueName: "Yes" }, []).values).toEqual(["Yes"]);
    expect(read({ _id: "f-new", name: "Diet", value: [{ name: "Vegan", value: true }] }, []).values).toEqual(["Vegan"]);
  });

  it("the definition's name when the entry has none", () => {
    expect(read({ _id: "f-dbb", value: "c-dbb-yes" }).name).toBe("DBB");
  });

  it("on a booking: every entry in order, the warnings prefixed with the booking's _id", () => {
    const customFields = [
      { _id: "f-number", name: "Booking #", value: "12345" },
      { _id: "f-guest", name: "Hotel Guest", value: "c-yes", multipleChoiceValueName: "Yes" },
      { _id: "f-diet", name: "Dietary requirements", value: 7 },
      { name: "no id", value: "x" },
    ];
    const { bookings, warnings } = toTableBookings([wireBooking({ customFields })], RANGE, DEFINITIONS);
    expect(bookings[0]!.fields).toEqual([
      { fieldId: "f-number", name: "Booking #", values: ["12345"] },
      { fieldId: "f-guest", name: "Hotel Guest", values: ["Yes"] },
      { fieldId: "f-diet", name: "Dietary requirements", values: [] },
    ]);
    expect(warnings).toEqual([
      `booking b1: custom field "Dietary requirements" holds a number where a list of boxes was expected; left empty.`,
      "booking b1: a custom field without an _id; left out.",
    ]);
  });
});

describe("custom-field definitions", () => {
  it("maps GET /customFields rows, unknown types read as text, rows without _id dropped", () => {
    const rows = [
      { _id: "f1", name: "Hotel Guest", label: "Are you staying?", type: "radio", multipleChoiceSelections: [{ _id: "c1", name: "Yes" }, { name: "no id" }] },
      { _id: "f2", label: "Only a label", type: "textarea" },
      { _id: "f3", name: "Diet", type: "Checkbox", multipleChoiceSelections: "nope" },
      { name: "no id", type: "string" },
    ];
    expect(toCustomFieldDefinitions(rows)).toEqual([
      { id: "f1", name: "Hotel Guest", type: "radio", choices: [{ id: "c1", name: "Yes" }] },
      { id: "f2", name: "Only a label", type: "string", choices: [] },
      { id: "f3", name: "Diet", type: "checkbox", choices: [] },
    ]);
  });
});

describe("opening hours", () => {
  it("maps a weekly period", () => {
    expect(toOpeningHours([{ _id: "h1", name: "Dinner", day: 5, open: 1800, close: "2230", special: false, seating: { duration: 120 } }])).toEqual([
      { id: "h1", name: "Dinner", day: 5, open: 1800, close: 2230, seatingMinutes: 120, special: false, date: null, closed: false },
    ]);
  });

  it("a special closure shuts its date, however resOS says so", () => {
    const closures = toOpeningHours([
      { _id: "s1", name: "Closed", special: true, date: "2026-03-19", isOpen: false, open: 1800, close: 2200 },
      { _id: "s2", name: "Closed", special: true, date: "2026-03-20", closed: true, open: 1800, close: 2200 },
      { _id: "s3", name: "Closed", special: true, date: "2026-03-21", open: 0, close: 0 },
    ]);
    expect(closures.map((hour) => [hour.id, hour.date, hour.day, hour.closed])).toEqual([
      ["s1", "2026-03-19", null, true],
      ["s2", "2026-03-20", null, true],
      ["s3", "2026-03-21", null, true],
    ]);
  });

  it("a special period that is open, or names no date, closes nothing", () => {
    const hours = toOpeningHours([
      { _id: "s1", name: "Christmas lunch", special: true, date: "2026-12-25", isOpen: true, open: 1200, close: 1500 },
      { _id: "s2", name: "Closed", special: true, isOpen: false, open: 0, close: 0 },
    ]);
    expect(hours.map((hour) => [hour.id, hour.special, hour.closed])).toEqual([
      ["s1", true, false],
      ["s2", true, false],
    ]);
  });

  it("drops deleted periods and weekly ones without a weekday 1..7", () => {
    const hours = toOpeningHours([
      { _id: "old", name: "Sunday Carvery", day: 7, open: 1200, close: 1600, special: false, deleted: true },
      { _id: "d0", name: "Dinner", day: 0, open: 1800, close: 2100, special: false },
      { _id: "d8", name: "Dinner", day: 8, open: 1800, close: 2100, special: false },
      { _id: "ok", name: "Lunch", day: 1, open: 1200, close: 1430, special: false },
    ]);
    expect(hours.map((hour) => hour.id)).toEqual(["ok"]);
    expect(hours[0]!.seatingMinutes).toBeNull();
  });
});

describe("Retry-After", () => {
  it("is read as milliseconds, as resOS sends it", () => {
    expect(parseResosRetryAfter("1500", 0)).toBe(1500);
    expect(parseResosRetryAfter(" 60000 ", 0)).toBe(60_000);
  });

  it("tolerates an HTTP date, and nothing unreadable", () => {
    const now = Date.parse("2026-03-10T12:00:00Z");
    expect(parseResosRetryAfter("Tue, 10 Mar 2026 12:00:05 GMT", now)).toBe(5000);
    expect(parseResosRetryAfter("Tue, 10 Mar 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseResosRetryAfter("soon", now)).toBeUndefined();
    expect(parseResosRetryAfter("-5", now)).toBeUndefined();
    expect(parseResosRetryAfter(null, now)).toBeUndefined();
  });
});
