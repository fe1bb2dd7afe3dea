// The resOS source's write, for one step's D1 batch: a chunk's table bookings replace the
// ones stored for those dates, so a table cancelled or moved away upstream is gone after
// the next sync. A booking moved INTO the chunk from a date outside it is updated in place
// (one row per resOS booking).
import { and, between, eq, sql } from "drizzle-orm";
import type { TableBooking } from "../domain/restaurant";
import type { BatchStatement, Database } from "./client";
import { excluded, jsonChunks, jsonColumns } from "./json-rows";
import { tableBookings } from "./schema";

const REPLACED = [
  "date",
  "time",
  "people",
  "status",
  "tableNames",
  "areaName",
  "guestName",
  "guestPhone",
  "guestEmail",
  "notesJson",
  "fieldsJson",
  "syncRunId",
] as const;

export function replaceTableBookings(db: Database, kitchenId: number, runId: number, from: string, to: string, bookings: TableBooking[]): BatchStatement[] {
  const values = bookings.map((b) => [
    b.resosBookingId,
    b.date,
    b.time,
    b.people,
    b.status,
    b.tableNames.length > 0 ? b.tableNames.join(", ") : null,
    b.areaName,
    b.guestName,
    b.guestPhone,
    b.guestEmail,
    JSON.stringify(b.notes),
    JSON.stringify(b.fields),
  ]);
  const replaced = Object.fromEntries(REPLACED.map((field) => [field, excluded(tableBookings[field])]));
  return [
    db.delete(tableBookings).where(and(eq(tableBookings.kitchenId, kitchenId), between(tableBookings.date, from, to))),
    ...jsonChunks(values).map((json) =>
      db
        .insert(tableBookings)
        // "WHERE true" tells SQLite the ON CONFLICT belongs to the insert, not to a join.
        .select(sql`SELECT ${kitchenId}, ${jsonColumns(12)}, ${runId} FROM json_each(${json}) WHERE true`)
        .onConflictDoUpdate({ target: [tableBookings.kitchenId, tableBookings.resosBookingId], set: replaced }),
    ),
  ];
}
