// The Newbook source's writes, for one step's D1 batch: the rooms, the categories, a chunk's
// room-nights and its daily totals, as json_each bulk statements (json-rows.ts).
import { and, between, eq, sql } from "drizzle-orm";
import type { DailyTotals } from "../domain/daily-totals";
import type { RoomNight } from "../domain/stay-nights";
import type { BatchStatement, Database } from "./client";
import { excluded, jsonChunks, jsonColumns } from "./json-rows";
import { dailyOccupancy, roomCategories, roomNights, rooms } from "./schema";

export interface RoomRow {
  siteId: string;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
  sortOrder: number;
}

export function replaceRooms(db: Database, kitchenId: number, rows: RoomRow[]): BatchStatement[] {
  const values = rows.map((r) => [r.siteId, r.name, r.categoryId, r.categoryName, r.sortOrder]);
  return [
    db.delete(rooms).where(eq(rooms.kitchenId, kitchenId)),
    ...jsonChunks(values).map((json) => db.insert(rooms).select(sql`SELECT ${kitchenId}, ${jsonColumns(5)} FROM json_each(${json})`)),
  ];
}

/** New categories arrive included; a kitchen's include/exclude choice is kept. */
export function upsertRoomCategories(db: Database, kitchenId: number, categories: { id: string; name: string }[]): BatchStatement[] {
  return jsonChunks(categories.map((c) => [c.id, c.name])).map((json) =>
    db
      .insert(roomCategories)
      // "WHERE true" tells SQLite the ON CONFLICT belongs to the insert, not to a join.
      .select(sql`SELECT ${kitchenId}, ${jsonColumns(2)}, 1 FROM json_each(${json}) WHERE true`)
      .onConflictDoUpdate({ target: [roomCategories.kitchenId, roomCategories.categoryId], set: { name: excluded(roomCategories.name) } }),
  );
}

export function replaceRoomNights(db: Database, kitchenId: number, from: string, to: string, nights: RoomNight[]): BatchStatement[] {
  const values = nights.map((n) => [
    n.night,
    n.bookingId,
    n.siteId,
    n.roomName,
    n.categoryId,
    n.categoryName,
    n.groupId,
    n.leadFirstName,
    n.leadLastName,
    n.adults,
    n.children,
    n.infants,
    n.dinner ? 1 : 0,
    n.breakfast ? 1 : 0,
    n.package ? 1 : 0,
    n.arrival,
    n.departure,
    n.status,
    n.referenceId,
    n.leadEmail,
    n.leadPhone,
  ]);
  return [
    db.delete(roomNights).where(and(eq(roomNights.kitchenId, kitchenId), between(roomNights.night, from, to))),
    ...jsonChunks(values).map((json) => db.insert(roomNights).select(sql`SELECT ${kitchenId}, ${jsonColumns(21)} FROM json_each(${json})`)),
  ];
}

/** The daily_occupancy columns a sync replaces: every one but the key. */
const REPLACED_TOTALS = [
  "roomsAvailable",
  "roomsOccupied",
  "occupancyPct",
  "guests",
  "adults",
  "children",
  "infants",
  "breakfastGuests",
  "dinnerGuests",
  "dbbRooms",
  "arrivals",
  "arrivalGuests",
  "departures",
  "departureGuests",
  "syncRunId",
  "updatedAt",
] as const;

export function upsertDailyTotals(db: Database, kitchenId: number, runId: number, updatedAt: string, totals: DailyTotals[]): BatchStatement[] {
  const values = totals.map((t) => [
    t.date,
    t.roomsAvailable,
    t.roomsOccupied,
    t.occupancyPct,
    t.guests,
    t.adults,
    t.children,
    t.infants,
    t.breakfastGuests,
    t.dinnerGuests,
    t.dbbRooms,
    t.arrivals,
    t.arrivalGuests,
    t.departures,
    t.departureGuests,
  ]);
  const replaced = Object.fromEntries(REPLACED_TOTALS.map((field) => [field, excluded(dailyOccupancy[field])]));
  return jsonChunks(values).map((json) =>
    db
      .insert(dailyOccupancy)
      .select(sql`SELECT ${kitchenId}, ${jsonColumns(15)}, ${runId}, ${updatedAt} FROM json_each(${json}) WHERE true`)
      .onConflictDoUpdate({ target: [dailyOccupancy.kitchenId, dailyOccupancy.date], set: replaced }),
  );
}
