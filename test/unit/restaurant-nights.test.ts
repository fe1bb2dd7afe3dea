import { describe, expect, it } from "vitest";
import type { Service, TableBooking } from "../../src/domain/restaurant";
import { type NightStay, restaurantNight, type ServedTable, stayNightTables } from "../../src/domain/restaurant-nights";
import type { LinkKind, TableLink } from "../../src/domain/table-links";

const NIGHT = "2026-01-22";

const dbbStay = (bookingId: string, guests = 2): NightStay => ({ bookingId, night: NIGHT, dinner: true, guests });
const roomOnly = (bookingId: string, guests = 2): NightStay => ({ bookingId, night: NIGHT, dinner: false, guests });

interface ServedParts {
  id?: string;
  people?: number;
  status?: string;
  service?: Service;
  time?: string | null;
  date?: string;
  tableNames?: string[];
  /** Booking ids linked surely (by booking number). */
  linkedTo?: string[];
  /** Booking ids only suggested. */
  possibleFor?: string[];
  link?: LinkKind;
  isGroupMatch?: boolean;
  hotelGuest?: boolean | null;
  dietary?: string[];
}

let counter = 0;

function served(parts: ServedParts = {}): ServedTable {
  const id = parts.id ?? `t${++counter}`;
  const date = parts.date ?? NIGHT;
  const table: TableBooking = {
    resosBookingId: id,
    date,
    time: parts.time === undefined ? "19:00" : parts.time,
    people: parts.people ?? 2,
    status: parts.status ?? "approved",
    tableNames: parts.tableNames ?? [],
    areaName: null,
    guestName: null,
    guestPhone: null,
    guestEmail: null,
    notes: [],
    fields: [],
  };
  const link = (bookingId: string, kind: LinkKind, confidence: number): TableLink => ({
    resosBookingId: id,
    night: date,
    bookingId,
    link: kind,
    isGroupMatch: parts.isGroupMatch ?? false,
    confidence,
  });
  return {
    table,
    service: parts.service ?? "dinner",
    links: [...(parts.linkedTo ?? []).map((bookingId) => link(bookingId, parts.link ?? "booking_number", 1)), ...(parts.possibleFor ?? []).map((bookingId) => link(bookingId, "possible", 0.5))],
    hotelGuest: parts.hotelGuest ?? null,
    dietary: parts.dietary ?? [],
  };
}

const open = (stays: NightStay[], tables: ServedTable[]) => restaurantNight(NIGHT, stays, tables, false);

describe("restaurantNight: DBB rooms and their tables", () => {
  it("counts DBB rooms, and those without a dinner table with their guests", () => {
    const night = open([dbbStay("1", 2), dbbStay("2", 3), dbbStay("3", 1), roomOnly("4")], [served({ linkedTo: ["1"] })]);
    expect(night.dbbRooms).toBe(3);
    expect(night.dbbRoomsWithoutDinnerTable).toBe(2);
    expect(night.dbbGuestsWithoutDinnerTable).toBe(4);
  });

  it("takes every room a group table covers as having a table", () => {
    const night = open([dbbStay("1"), dbbStay("2"), dbbStay("3")], [served({ people: 6, link: "group", linkedTo: ["1", "2", "3"] })]);
    expect(night.dbbRoomsWithoutDinnerTable).toBe(0);
    expect(night.residentTables).toBe(1);
  });

  it("does not take a lunch table for a dinner table", () => {
    expect(open([dbbStay("1")], [served({ service: "lunch", time: "12:30", linkedTo: ["1"] })]).dbbRoomsWithoutDinnerTable).toBe(1);
  });

  it("does not take a possible match for a table", () => {
    const night = open([dbbStay("1", 2)], [served({ possibleFor: ["1"], people: 2 })]);
    expect(night.dbbRoomsWithoutDinnerTable).toBe(1);
    expect(night.residentTables).toBe(0);
    expect(night.dinnerResidentCovers).toBe(0);
    expect(night.dinnerNonResidentCovers).toBe(2);
  });

  it.each(["canceled", "no_show", "declined", "request", "waitlist"])("does not take a %s table for a table", (status) => {
    expect(open([dbbStay("1")], [served({ status, linkedTo: ["1"] })]).dbbRoomsWithoutDinnerTable).toBe(1);
  });

  it.each(["approved", "arrived", "seated", "left"])("takes an %s table for a table", (status) => {
    expect(open([dbbStay("1")], [served({ status, linkedTo: ["1"] })]).dbbRoomsWithoutDinnerTable).toBe(0);
  });
});

describe("restaurantNight: covers", () => {
  it("expects resident covers + guests of DBB rooms without a table + non-resident covers", () => {
    const stays = [dbbStay("1", 2), dbbStay("2", 3), roomOnly("3", 2)];
    const tables = [served({ people: 2, linkedTo: ["1"] }), served({ people: 2, linkedTo: ["3"] }), served({ people: 4 }), served({ people: 2, hotelGuest: true })];
    const night = open(stays, tables);
    expect(night.dinnerResidentCovers).toBe(6);
    expect(night.dinnerNonResidentCovers).toBe(4);
    expect(night.dbbGuestsWithoutDinnerTable).toBe(3);
    expect(night.expectedDinnerCovers).toBe(13);
  });

  it("counts only active dinner tables as covers", () => {
    const tables = [
      served({ people: 2, status: "seated" }),
      served({ people: 3, status: "no_show" }),
      served({ people: 4, status: "canceled" }),
      served({ people: 5, status: "declined" }),
      served({ people: 6, status: "request" }),
      served({ people: 7, status: "waitlist" }),
      served({ people: 8, service: "lunch" }),
    ];
    const night = open([], tables);
    expect(night.dinnerNonResidentCovers).toBe(2);
    expect(night.expectedDinnerCovers).toBe(2);
  });

  it("counts pending dinner tables apart", () => {
    const tables = [served({ status: "request" }), served({ status: "waitlist", linkedTo: ["1"] }), served({ status: "request", service: "lunch" }), served({ status: "approved" })];
    const night = open([dbbStay("1")], tables);
    expect(night.pendingDinnerTables).toBe(2);
    expect(night.dbbRoomsWithoutDinnerTable).toBe(1);
  });

  it("counts resident tables of every service, active only", () => {
    const tables = [served({ service: "lunch", linkedTo: ["1"] }), served({ linkedTo: ["1"] }), served({ status: "canceled", linkedTo: ["2"] }), served()];
    expect(open([roomOnly("1"), roomOnly("2")], tables).residentTables).toBe(2);
  });

  it("counts hotel guests' tables that no rule linked", () => {
    const tables = [served({ hotelGuest: true }), served({ hotelGuest: true, service: "lunch" }), served({ hotelGuest: true, linkedTo: ["1"] }), served({ hotelGuest: true, possibleFor: ["1"] }), served({ hotelGuest: true, status: "canceled" }), served({ hotelGuest: false })];
    expect(open([roomOnly("1")], tables).unlinkedResidentTables).toBe(3);
  });

  it("reads only the night's own tables", () => {
    const night = open([dbbStay("1")], [served({ date: "2026-01-23", linkedTo: ["1"], people: 4 })]);
    expect(night.dbbRoomsWithoutDinnerTable).toBe(1);
    expect(night.dinnerResidentCovers).toBe(0);
  });
});

describe("restaurantNight: a closed night", () => {
  it("never flags a DBB room as without a table and expects only the covers booked", () => {
    const night = restaurantNight(NIGHT, [dbbStay("1", 2), dbbStay("2", 2)], [served({ people: 3 })], true);
    expect(night.restaurantClosed).toBe(true);
    expect(night.dbbRooms).toBe(2);
    expect(night.dbbRoomsWithoutDinnerTable).toBe(0);
    expect(night.dbbGuestsWithoutDinnerTable).toBe(0);
    expect(night.expectedDinnerCovers).toBe(3);
  });

  it("flags them on the same night open", () => {
    const night = restaurantNight(NIGHT, [dbbStay("1", 2), dbbStay("2", 2)], [served({ people: 3 })], false);
    expect(night.restaurantClosed).toBe(false);
    expect(night.dbbRoomsWithoutDinnerTable).toBe(2);
    expect(night.expectedDinnerCovers).toBe(7);
  });
});

describe("restaurantNight: dietary needs", () => {
  it("counts each need once per active dinner table, merged without case, most asked first", () => {
    const tables = [
      served({ dietary: ["vegan", "Nut allergy"] }),
      served({ dietary: ["Vegan", "VEGAN"] }),
      served({ dietary: ["nut  allergy", "Coeliac"] }),
      served({ dietary: ["Vegan"], service: "lunch" }),
      served({ dietary: ["Vegan"], status: "canceled" }),
      served({ dietary: ["Halal"], status: "request" }),
    ];
    const dietary = open([], tables).dietary;
    expect(dietary).toEqual({ Vegan: 2, "Nut allergy": 2, Coeliac: 1 });
    expect(Object.keys(dietary)).toEqual(["Nut allergy", "Vegan", "Coeliac"]);
  });

  it("is empty without needs", () => {
    expect(open([], [served()]).dietary).toEqual({});
  });
});

describe("stayNightTables", () => {
  it("lists the stay's tables that night: sure links first, dinner first, then by time", () => {
    const tables = [
      served({ id: "suggested", possibleFor: ["1"], time: "18:00" }),
      served({ id: "late-dinner", linkedTo: ["1"], time: "20:30" }),
      served({ id: "lunch", service: "lunch", linkedTo: ["1"], time: "12:30" }),
      served({ id: "early-dinner", linkedTo: ["1"], time: "18:30", status: "canceled" }),
      served({ id: "no-time", linkedTo: ["1"], time: null }),
      served({ id: "other-stay", linkedTo: ["2"] }),
      served({ id: "other-night", date: "2026-01-23", linkedTo: ["1"] }),
    ];
    const { tables: rows } = stayNightTables("1", NIGHT, tables);
    expect(rows.map((row) => row.resosBookingId)).toEqual(["early-dinner", "late-dinner", "no-time", "lunch", "suggested"]);
  });

  it("describes each table, its names joined", () => {
    const tables = [served({ id: "r9", people: 4, tableNames: ["12", "14"], link: "group", isGroupMatch: true, linkedTo: ["1"], time: "19:15" })];
    expect(stayNightTables("1", NIGHT, tables).tables).toEqual([
      { resosBookingId: "r9", time: "19:15", people: 4, service: "dinner", tableName: "12, 14", status: "approved", link: "group", isGroupMatch: true },
    ]);
    expect(stayNightTables("1", NIGHT, [served({ linkedTo: ["1"] })]).tables[0]?.tableName).toBeNull();
  });

  it("keeps lunch and dinner of one night, the dinner as the dinner table", () => {
    const result = stayNightTables("1", NIGHT, [served({ id: "lunch", service: "lunch", time: "12:30", linkedTo: ["1"] }), served({ id: "dinner", time: "19:30", linkedTo: ["1"] })]);
    expect(result.tables.map((row) => row.resosBookingId)).toEqual(["dinner", "lunch"]);
    expect(result.dinnerTable?.resosBookingId).toBe("dinner");
  });

  it("takes as dinner table the first active dinner table surely linked", () => {
    const tables = [served({ id: "canceled", status: "canceled", time: "18:00", linkedTo: ["1"] }), served({ id: "suggested", possibleFor: ["1"], time: "18:30" }), served({ id: "booked", time: "20:00", linkedTo: ["1"] })];
    expect(stayNightTables("1", NIGHT, tables).dinnerTable?.resosBookingId).toBe("booked");
  });

  it("has no dinner table with only a lunch, a pending or a suggested one", () => {
    const tables = [served({ service: "lunch", linkedTo: ["1"] }), served({ status: "request", linkedTo: ["1"] }), served({ possibleFor: ["1"] })];
    const result = stayNightTables("1", NIGHT, tables);
    expect(result.tables).toHaveLength(3);
    expect(result.dinnerTable).toBeNull();
  });
});
