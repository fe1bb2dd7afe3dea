import { describe, expect, it } from "vitest";
import type { ChartDayTotals, ChartInput, ChartNight, ChartRestaurant } from "../../src/db/chart-read-model";
import { NO_FIELD_MAPPING, type OpeningHour, type TableBooking } from "../../src/domain/restaurant";
import { buildServiceSheet } from "../../src/views/tonight/service-sheet";
import { serviceSheetJson } from "../../src/views/json/service-sheet-json";

// Thursday 5 March 2026.
const DATE = "2026-03-05";
const ROOMS = [
  { siteId: "s2", name: "2", categoryId: null, categoryName: null },
  { siteId: "s10", name: "10", categoryId: null, categoryName: null },
  { siteId: "s11", name: "11", categoryId: null, categoryName: null },
];

function night(bookingId: string, siteId: string | null, overrides: Partial<ChartNight> = {}): ChartNight {
  return {
    night: DATE,
    bookingId,
    siteId,
    roomName: siteId === null ? null : siteId.slice(1),
    groupId: null,
    leadFirstName: "Ada",
    leadLastName: `Surname${bookingId}`,
    adults: 2,
    children: 0,
    infants: 0,
    dinner: false,
    breakfast: true,
    package: false,
    arrival: "2026-03-04",
    departure: "2026-03-07",
    referenceId: null,
    leadEmail: null,
    leadPhone: null,
    ...overrides,
  };
}

function table(id: string, overrides: Partial<TableBooking> & { bookingNumber?: string; hotelGuest?: "Yes" | "No"; dietary?: string } = {}): TableBooking {
  const { bookingNumber, hotelGuest, dietary, ...rest } = overrides;
  return {
    resosBookingId: id,
    date: DATE,
    time: "19:30",
    people: 2,
    status: "approved",
    tableNames: ["12"],
    areaName: null,
    guestName: null,
    guestPhone: null,
    guestEmail: null,
    notes: [],
    fields: [
      ...(bookingNumber ? [{ fieldId: "number", name: "Booking #", values: [bookingNumber] }] : []),
      ...(hotelGuest ? [{ fieldId: "guest", name: "Hotel Guest", values: [hotelGuest] }] : []),
      ...(dietary ? [{ fieldId: "diet", name: "Dietary", values: [dietary] }] : []),
    ],
    ...rest,
  };
}

const DINNER: OpeningHour = { id: "dinner", name: "Dinner", day: null, open: 1800, close: 2200, seatingMinutes: 120, special: false, date: null, closed: false };
const LUNCH: OpeningHour = { ...DINNER, id: "lunch", name: "Lunch", open: 1200, close: 1500 };

function restaurant(tables: TableBooking[], openingHours: OpeningHour[] = [LUNCH, DINNER]): ChartRestaurant {
  return {
    settings: {
      mapping: { ...NO_FIELD_MAPPING, bookingNumberFieldId: "number", hotelGuestFieldId: "guest", dietaryFieldIds: ["diet"] },
      serviceChoices: {},
      definitions: [{ id: "diet", name: "Dietary", type: "checkbox", choices: [{ id: "v", name: "Vegan" }] }],
      openingHours: openingHours.map((hour) => ({ ...hour, day: null })).flatMap((hour) => [1, 2, 3, 4, 5, 6, 7].map((day) => ({ ...hour, id: `${hour.id}-${day}`, day }))),
      restaurantReadAt: "2026-03-05T09:00:00Z",
    },
    tables,
    contentKey: `sheet-test-${Math.random()}`,
  };
}

function totals(overrides: Partial<ChartDayTotals> = {}): ChartDayTotals {
  return { date: DATE, roomsAvailable: 3, roomsOccupied: 3, guests: 6, dinnerGuests: 4, breakfastGuests: 6, arrivals: 0, departures: 0, occupancyPct: 100, ...overrides };
}

function input(overrides: Partial<ChartInput>): ChartInput {
  return { start: DATE, nights: 1, rooms: ROOMS, roomNights: [], totals: [totals()], showNames: true, restaurant: null, ...overrides };
}

describe("buildServiceSheet", () => {
  const stays = [
    night("103", "s11", { dinner: true }),
    night("101", "s2", { dinner: true, arrival: DATE }),
    night("102", "s10", { departure: "2026-03-06", package: true }),
    night("104", null, { dinner: true }),
  ];

  it("lists the night's rooms in room order, then the stays without a room, with plan, pax and comings and goings", () => {
    const sheet = buildServiceSheet(input({ roomNights: stays }), "all");
    expect(sheet.synced).toBe(true);
    expect(sheet.rooms.map((room) => [room.room, room.bookingId, room.arriving, room.departing, room.dinner, room.package])).toEqual([
      ["2", "101", true, false, true, false],
      ["10", "102", false, true, false, true],
      ["11", "103", false, false, true, false],
      [null, "104", false, false, true, false],
    ]);
  });

  it("leaves nights other than its own out", () => {
    const sheet = buildServiceSheet(input({ roomNights: [...stays, night("105", "s2", { night: "2026-03-06" })] }), "all");
    expect(sheet.rooms.map((room) => room.bookingId)).not.toContain("105");
  });

  it("shows surnames only when the kitchen shows names, falling back to the first name", () => {
    const named = [night("101", "s2"), night("102", "s10", { leadLastName: " ", leadFirstName: "Grace" })];
    expect(buildServiceSheet(input({ roomNights: named }), "all").rooms.map((room) => room.surname)).toEqual(["Surname101", "Grace"]);
    expect(buildServiceSheet(input({ roomNights: named, showNames: false }), "all").rooms.map((room) => room.surname)).toEqual([null, null]);
  });

  it("without resOS: no tables, nobody flagged, numbers it cannot know are null", () => {
    const sheet = buildServiceSheet(input({ roomNights: stays }), "all");
    expect(sheet.hasTables).toBe(false);
    expect(sheet.rooms.every((room) => room.tables.length === 0 && !room.noDinnerTable)).toBe(true);
    expect(sheet.totals).toEqual({ roomsOccupied: 3, guests: 6, dbbGuests: 4, breakfastsNextMorning: 6, dbbRoomsWithoutDinnerTable: null, expectedDinnerCovers: null });
  });

  it("a night never synced says so and knows no numbers", () => {
    const sheet = buildServiceSheet(input({ totals: [] }), "all");
    expect(sheet.synced).toBe(false);
    expect(sheet.totals).toBeNull();
    expect(serviceSheetJson(sheet, null, true)).toMatchObject({ synced: false, totals: null, rooms: [] });
  });

  describe("with tables", () => {
    const tables = [
      table("t-dinner", { bookingNumber: "101", dietary: "Vegan", people: 2 }),
      table("t-lunch", { bookingNumber: "103", time: "12:30" }),
      table("t-pending", { bookingNumber: "104", status: "request" }),
      table("t-cancelled", { bookingNumber: "102", status: "canceled" }),
      table("t-unlinked", { bookingNumber: "999", hotelGuest: "Yes", people: 3 }),
      table("t-walk-in", { people: 4, time: "20:00" }),
      table("t-lunch-out", { people: 5, time: "13:00" }),
      table("t-possible", { guestName: "Mr Surname102", people: 2 }),
      table("t-no-show", { people: 6, status: "no_show" }),
    ];
    const sheetOf = (filter: "all" | "dbb" | "no-table" = "all", extra: Partial<ChartInput> = {}) =>
      buildServiceSheet(input({ roomNights: stays, restaurant: restaurant(tables), ...extra }), filter);

    it("puts each room's tables on its row, dinner first, pending marked, cancelled left out", () => {
      const rooms = sheetOf().rooms;
      const tablesOf = (bookingId: string) => rooms.find((room) => room.bookingId === bookingId)!.tables.map((t) => [t.resosBookingId, t.service, t.pending]);
      expect(tablesOf("101")).toEqual([["t-dinner", "dinner", false]]);
      expect(tablesOf("103")).toEqual([["t-lunch", "lunch", false]]);
      expect(tablesOf("104")).toEqual([["t-pending", "dinner", true]]);
      expect(tablesOf("102")).toEqual([]);
      expect(rooms.find((room) => room.bookingId === "101")!.dietary).toEqual(["Vegan"]);
    });

    it("flags the DBB rooms with no confirmed dinner table: lunch and a request do not count", () => {
      expect(sheetOf().rooms.filter((room) => room.noDinnerTable).map((room) => room.bookingId)).toEqual(["103", "104"]);
    });

    it("counts the night: DBB rooms without a table and the dinner covers to expect", () => {
      // Residents' dinner tables: 101 (2) and the unlinked hotel guest (3); DBB rooms without a
      // table: 103 and 104 (2 + 2 guests); non-residents: the walk-in (4) and the unconfirmed suggestion (2).
      expect(sheetOf().totals).toMatchObject({ dbbRoomsWithoutDinnerTable: 2, expectedDinnerCovers: 2 + 3 + (2 + 2) + (4 + 2) });
    });

    it("lists the resident tables no stay was found for, the suggestions, and the non-residents' covers by service", () => {
      const sheet = sheetOf();
      expect(sheet.unlinkedResidentBookings).toEqual([{ resosBookingId: "t-unlinked", time: "19:30", people: 3, service: "dinner" }]);
      expect(sheet.possibleMatches).toEqual([{ resosBookingId: "t-possible", bookingId: "102", room: "10", time: "19:30", people: 2, confidence: 0.5 }]);
      // The suggestion is no resident's until confirmed: its covers are the non-residents'.
      expect(sheet.nonResidentCovers).toEqual({ breakfast: 0, lunch: 5, dinner: 4 + 2, other: 0 });
    });

    it("filters: DBB only, and no table yet", () => {
      expect(sheetOf("dbb").shown.map((room) => room.bookingId)).toEqual(["101", "103", "104"]);
      expect(sheetOf("no-table").shown.map((room) => room.bookingId)).toEqual(["103", "104"]);
      expect(sheetOf("no-table").rooms).toHaveLength(4);
    });

    it("on a night the restaurant is closed nobody lacks a table", () => {
      const closed: OpeningHour = { ...DINNER, id: "closed", special: true, date: DATE, closed: true };
      const sheet = buildServiceSheet(input({ roomNights: stays, restaurant: { ...restaurant(tables), settings: { ...restaurant(tables).settings, openingHours: [...restaurant(tables).settings.openingHours, closed] } } }), "no-table");
      expect(sheet.restaurantClosed).toBe(true);
      expect(sheet.shown).toEqual([]);
      expect(sheet.totals?.dbbRoomsWithoutDinnerTable).toBe(0);
    });

    it("keeps names out of the JSON when the kitchen hides them", () => {
      const hidden = serviceSheetJson(sheetOf("all", { showNames: false }), "2026-03-05T16:00:00Z", false);
      expect(JSON.stringify(hidden)).not.toContain("Surname");
      expect(hidden.rooms[0]).not.toHaveProperty("surname");
      const shown = serviceSheetJson(sheetOf(), "2026-03-05T16:00:00Z", true);
      expect(shown.rooms[0]).toMatchObject({ room_number: "2", booking_id: "101", surname: "Surname101", tables: [{ time: "19:30", people: 2, table_name: "12", service: "dinner", link: "booking_number", confirmed: true }] });
    });
  });
});
