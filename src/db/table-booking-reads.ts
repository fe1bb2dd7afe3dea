// Stored table bookings back into the restaurant's shape, for the pages that show them. A
// range of dates travels as ONE JSON value built by SQLite (D1 pays per value it carries
// out); its JSON columns are read defensively, so one odd row never breaks a page.
import { and, asc, between, eq, sql } from "drizzle-orm";
import type { BookingFieldValue, TableBooking } from "../domain/restaurant";
import type { Database } from "./client";
import { tableBookings } from "./schema";

const packedColumns = [
  tableBookings.resosBookingId,
  tableBookings.date,
  tableBookings.time,
  tableBookings.people,
  tableBookings.status,
  tableBookings.tableNames,
  tableBookings.areaName,
  tableBookings.guestName,
  tableBookings.guestPhone,
  tableBookings.guestEmail,
  tableBookings.notesJson,
  tableBookings.fieldsJson,
];

type PackedTable = [string, string, string | null, number, string, string | null, string | null, string | null, string | null, string | null, string, string];

/** The kitchen's table bookings dated from..to, as one packed JSON array, in date and time order. */
export function tableBookingsQuery(db: Database, kitchenId: number, from: string, to: string) {
  const ordered = db
    .select({ row: sql<string>`json_array(${sql.join(packedColumns, sql`, `)})`.as("row") })
    .from(tableBookings)
    .where(and(eq(tableBookings.kitchenId, kitchenId), between(tableBookings.date, from, to)))
    .orderBy(asc(tableBookings.date), asc(tableBookings.time), asc(tableBookings.resosBookingId))
    .as("ordered");
  return db.select({ tables: sql<string | null>`json_group_array(json(${ordered.row}))` }).from(ordered);
}

function stringList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}

function fieldList(text: string): BookingFieldValue[] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.flatMap((item: unknown) => {
      if (item === null || typeof item !== "object") return [];
      const { fieldId, name, values } = item as Record<string, unknown>;
      if (typeof fieldId !== "string" || typeof name !== "string" || !Array.isArray(values)) return [];
      return [{ fieldId, name, values: values.filter((v): v is string => typeof v === "string") }];
    });
  } catch {
    return [];
  }
}

export function unpackTableBookings(json: string | null | undefined): TableBooking[] {
  return (JSON.parse(json ?? "[]") as PackedTable[]).map(
    ([resosBookingId, date, time, people, status, tableNames, areaName, guestName, guestPhone, guestEmail, notesJson, fieldsJson]) => ({
      resosBookingId,
      date,
      time,
      people,
      status,
      tableNames: tableNames === null ? [] : tableNames.split(", "),
      areaName,
      guestName,
      guestPhone,
      guestEmail,
      notes: stringList(notesJson),
      fields: fieldList(fieldsJson),
    }),
  );
}
