import { describe, expect, it } from "vitest";
import { NO_FIELD_MAPPING, type TableBooking } from "../../src/domain/restaurant";
import { buildRestaurantView, cachedRestaurantView, WRITTEN_NEED, type RestaurantStayNight } from "../../src/domain/restaurant-view";

const NIGHT = "2026-01-22";
const MAPPING = { ...NO_FIELD_MAPPING, bookingNumberFieldId: "number" };
const SETTINGS = { mapping: MAPPING, openingHours: [], serviceChoices: {}, definitions: [] };

const stay = (bookingId: string, dinner: boolean): RestaurantStayNight => ({
  night: NIGHT,
  bookingId,
  roomName: bookingId,
  groupId: null,
  referenceId: null,
  leadFirstName: null,
  leadLastName: null,
  leadPhone: null,
  leadEmail: null,
  dinner,
  adults: 2,
  children: 0,
});

const table = (id: string, bookingNumber: string, status = "approved"): TableBooking => ({
  resosBookingId: id,
  date: NIGHT,
  time: "19:30",
  people: 2,
  status,
  tableNames: ["T1"],
  areaName: null,
  guestName: null,
  guestPhone: null,
  guestEmail: null,
  notes: [],
  fields: [{ fieldId: "number", name: "Booking #", values: [bookingNumber] }],
});

describe("buildRestaurantView", () => {
  it("links each table to its stay and counts the night", () => {
    const view = buildRestaurantView({ dates: [NIGHT], stays: [stay("1", true), stay("2", true)], tables: [table("t1", "1")], settings: SETTINGS, showNames: false });
    expect(view.tablesOf("1", NIGHT).tables.map((row) => row.resosBookingId)).toEqual(["t1"]);
    expect(view.tablesOf("2", NIGHT).tables).toEqual([]);
    expect(view.nights.get(NIGHT)).toMatchObject({ dbbRooms: 2, dbbRoomsWithoutDinnerTable: 1 });
  });
});

describe("cachedRestaurantView", () => {
  const input = (tables: TableBooking[]) => ({ dates: [NIGHT], stays: [stay("1", true)], tables, settings: SETTINGS, showNames: false });

  it("hands back the view built for the same key and dates, and builds anew for another key", () => {
    const first = cachedRestaurantView("k1", input([table("t1", "1")]));
    expect(cachedRestaurantView("k1", input([table("t1", "1")]))).toBe(first);
    const other = cachedRestaurantView("k2", input([table("t1", "1", "canceled")]));
    expect(other).not.toBe(first);
    expect(other.nights.get(NIGHT)?.dbbRoomsWithoutDinnerTable).toBe(1);
    expect(first.nights.get(NIGHT)?.dbbRoomsWithoutDinnerTable).toBe(0);
  });

  it("keeps only the few most recent views", () => {
    const oldest = cachedRestaurantView("old", input([]));
    for (let index = 0; index < 8; index++) cachedRestaurantView(`newer-${index}`, input([]));
    expect(cachedRestaurantView("old", input([]))).not.toBe(oldest);
  });
});

describe("dietary needs while guest names are hidden", () => {
  const definitions = [
    { id: "diet", name: "Dietary requirements", type: "checkbox" as const, choices: [{ id: "v", name: "Vegan" }] },
    { id: "allergies", name: "Allergies", type: "string" as const, choices: [] },
  ];
  const settings = { ...SETTINGS, mapping: { ...MAPPING, dietaryFieldIds: ["diet", "allergies"] }, definitions };
  const withNeeds = (): TableBooking => ({
    ...table("t1", "1"),
    fields: [
      { fieldId: "number", name: "Booking #", values: ["1"] },
      { fieldId: "diet", name: "Dietary requirements", values: ["Vegan"] },
      { fieldId: "allergies", name: "Allergies", values: ["Mrs Patel rm 12 - severe nut"] },
    ],
  });

  it("counts the restaurant's own choices by name and what staff typed as one Other", () => {
    const view = buildRestaurantView({ dates: [NIGHT], stays: [stay("1", true)], tables: [withNeeds()], settings, showNames: false });
    expect(view.nights.get(NIGHT)?.dietary).toEqual({ Vegan: 1, [WRITTEN_NEED]: 1 });
  });

  it("counts every need in its own words when names are shown", () => {
    const view = buildRestaurantView({ dates: [NIGHT], stays: [stay("1", true)], tables: [withNeeds()], settings, showNames: true });
    expect(view.nights.get(NIGHT)?.dietary).toEqual({ Vegan: 1, "Mrs Patel rm 12 - severe nut": 1 });
  });
});
