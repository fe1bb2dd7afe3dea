import type { DateRange } from "../../src/domain/dates";
import { describe, expect, it } from "vitest";
import { computeDailyTotals, type DailyTotals } from "../../src/domain/daily-totals";
import { DEFAULT_MEAL_RULES } from "../../src/domain/meal-rules";
import { expandBookingsToNights, type RoomNight, type Stay } from "../../src/domain/stay-nights";
import { wireBooking, wireOccupancy as occupancy, wireTariff } from "./newbook-wire";

const RANGE: DateRange = { from: "2026-01-22", to: "2026-01-24" };
const NOTHING_EXCLUDED = new Set<string>();

function night(overrides: Partial<RoomNight>): RoomNight {
  return {
    night: "2026-01-22",
    bookingId: "1",
    siteId: "12",
    roomName: "108",
    categoryId: "3",
    categoryName: "Double",
    groupId: null,
    leadFirstName: "Ada",
    leadLastName: "Lovelace",
    adults: 2,
    children: 0,
    infants: 0,
    dinner: false,
    breakfast: false,
    package: false,
    arrival: "2026-01-22",
    departure: "2026-01-23",
    status: "Confirmed",
    referenceId: null,
    leadEmail: null,
    leadPhone: null,
    ...overrides,
  };
}

function stay(overrides: Partial<Stay>): Stay {
  return { bookingId: "1", arrival: "2026-01-22", departure: "2026-01-23", siteId: "12", categoryId: "3", adults: 2, children: 0, infants: 0, ...overrides };
}

const EMPTY_DAY = {
  roomsAvailable: 0,
  roomsOccupied: 0,
  occupancyPct: null,
  guests: 0,
  adults: 0,
  children: 0,
  infants: 0,
  breakfastGuests: 0,
  dinnerGuests: 0,
  dbbRooms: 0,
  arrivals: 0,
  arrivalGuests: 0,
  departures: 0,
  departureGuests: 0,
} satisfies Omit<DailyTotals, "date">;

describe("computeDailyTotals", () => {
  it("gives one row per date of the range, zeros and a null percentage when nothing is known", () => {
    const totals = computeDailyTotals({ range: RANGE, nights: [], stays: [], occupancy: [], excludedCategoryIds: NOTHING_EXCLUDED });
    expect(totals).toEqual(["2026-01-22", "2026-01-23", "2026-01-24"].map((date) => ({ date, ...EMPTY_DAY })));
  });

  it("counts rooms, guests, meals and movements for a date", () => {
    const totals = computeDailyTotals({
      range: { from: "2026-01-22", to: "2026-01-22" },
      nights: [
        night({ bookingId: "1", adults: 2, children: 1, infants: 1, dinner: true, breakfast: true }),
        night({ bookingId: "2", adults: 1, breakfast: true }),
        night({ bookingId: "3", adults: 2, children: 2, dinner: true, package: true }),
        night({ bookingId: "4", siteId: null, roomName: null, adults: 1 }),
      ],
      stays: [
        stay({ bookingId: "1", arrival: "2026-01-22", adults: 2, children: 1, infants: 1 }),
        stay({ bookingId: "2", arrival: "2026-01-22", adults: 1 }),
        stay({ bookingId: "9", arrival: "2026-01-20", departure: "2026-01-22", adults: 3, children: 1 }),
        stay({ bookingId: "10", arrival: "2026-01-23", departure: "2026-01-25" }),
      ],
      occupancy: [occupancy("3", { "2026-01-22": "4" }), occupancy("5", { "2026-01-22": 2 })],
      excludedCategoryIds: NOTHING_EXCLUDED,
    });
    expect(totals).toEqual([
      {
        date: "2026-01-22",
        roomsAvailable: 6,
        roomsOccupied: 4,
        occupancyPct: 66.7,
        guests: 10,
        adults: 6,
        children: 3,
        infants: 1,
        breakfastGuests: 5,
        dinnerGuests: 8,
        dbbRooms: 2,
        arrivals: 2,
        arrivalGuests: 5,
        departures: 1,
        departureGuests: 4,
      },
    ]);
  });

  it("leaves excluded categories out of every count", () => {
    const staff = "99";
    const totals = computeDailyTotals({
      range: { from: "2026-01-22", to: "2026-01-22" },
      nights: [night({ bookingId: "1", dinner: true, breakfast: true }), night({ bookingId: "2", categoryId: staff, dinner: true, breakfast: true })],
      stays: [stay({ bookingId: "1" }), stay({ bookingId: "2", categoryId: staff }), stay({ bookingId: "3", categoryId: staff, arrival: "2026-01-21", departure: "2026-01-22" })],
      occupancy: [occupancy("3", { "2026-01-22": "3" }), occupancy(staff, { "2026-01-22": "10" })],
      excludedCategoryIds: new Set([staff]),
    });
    expect(totals).toEqual([
      {
        date: "2026-01-22",
        roomsAvailable: 3,
        roomsOccupied: 1,
        occupancyPct: 33.3,
        guests: 2,
        adults: 2,
        children: 0,
        infants: 0,
        breakfastGuests: 2,
        dinnerGuests: 2,
        dbbRooms: 1,
        arrivals: 1,
        arrivalGuests: 2,
        departures: 0,
        departureGuests: 0,
      },
    ]);
  });

  it("keeps rooms without a category, which no exclusion can name", () => {
    const totals = computeDailyTotals({
      range: { from: "2026-01-22", to: "2026-01-22" },
      nights: [night({ categoryId: null })],
      stays: [stay({ categoryId: null })],
      occupancy: [occupancy(null, { "2026-01-22": "2" })],
      excludedCategoryIds: new Set(["3"]),
    });
    expect(totals.map((day) => [day.roomsAvailable, day.roomsOccupied, day.occupancyPct, day.arrivals])).toEqual([[2, 1, 50, 1]]);
  });

  it("takes a date missing from the occupancy report as nothing available", () => {
    const totals = computeDailyTotals({
      range: RANGE,
      nights: [night({ night: "2026-01-23" })],
      stays: [],
      occupancy: [occupancy("3", { "2026-01-22": "5", "2026-01-24": "0" })],
      excludedCategoryIds: NOTHING_EXCLUDED,
    });
    expect(totals.map((day) => [day.date, day.roomsAvailable, day.roomsOccupied, day.occupancyPct])).toEqual([
      ["2026-01-22", 5, 0, 0],
      ["2026-01-23", 0, 1, null],
      ["2026-01-24", 0, 0, null],
    ]);
  });

  it("reports overbooking above 100 percent rather than hiding it", () => {
    const totals = computeDailyTotals({
      range: { from: "2026-01-22", to: "2026-01-22" },
      nights: [night({ bookingId: "1" }), night({ bookingId: "2" }), night({ bookingId: "3" })],
      stays: [],
      occupancy: [occupancy("3", { "2026-01-22": "2" })],
      excludedCategoryIds: NOTHING_EXCLUDED,
    });
    expect(totals[0]?.occupancyPct).toBe(150);
  });

  it("ignores nights outside the range", () => {
    const totals = computeDailyTotals({
      range: { from: "2026-01-22", to: "2026-01-22" },
      nights: [night({ night: "2026-01-21" }), night({ night: "2026-01-23" })],
      stays: [],
      occupancy: [],
      excludedCategoryIds: NOTHING_EXCLUDED,
    });
    expect(totals).toEqual([{ date: "2026-01-22", ...EMPTY_DAY }]);
  });

  it("adds up what expandBookingsToNights makes of a same-day turnover", () => {
    const bookings = [
      wireBooking({ booking_id: "1", booking_arrival: "2026-01-21 15:00:00", booking_departure: "2026-01-23 10:00:00", booking_adults: "2", booking_children: "0" }),
      wireBooking({
        booking_id: "2",
        booking_arrival: "2026-01-23 15:00:00",
        booking_departure: "2026-01-26 10:00:00",
        booking_adults: "1",
        booking_children: "1",
        tariffs_quoted: [wireTariff({ stay_date: "2026-01-23", label: "Dinner Bed & Breakfast" })],
      }),
    ];
    const { nights, stays } = expandBookingsToNights(bookings, RANGE, DEFAULT_MEAL_RULES, new Map());
    const totals = computeDailyTotals({ range: RANGE, nights, stays, occupancy: [occupancy("3", { "2026-01-22": "1", "2026-01-23": "1", "2026-01-24": "1" })], excludedCategoryIds: NOTHING_EXCLUDED });
    expect(totals.map((day) => [day.date, day.roomsOccupied, day.guests, day.dinnerGuests, day.breakfastGuests, day.arrivals, day.departures, day.departureGuests])).toEqual([
      ["2026-01-22", 1, 2, 0, 0, 0, 0, 0],
      ["2026-01-23", 1, 2, 2, 2, 1, 1, 2],
      ["2026-01-24", 1, 2, 0, 0, 0, 0, 0],
    ]);
  });
});
