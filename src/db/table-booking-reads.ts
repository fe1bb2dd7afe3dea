// Stored table bookings back into the restaurant's shape, for the pages that show them. A
// range of dates travels as ONE JSON value built by SQLite (D1 pays per value it carries
// out). Its JSON columns are embedded as JSON, so the page parses the whole range once, and
// are read defensively: a row whose stored JSON is not valid, or not the expected shape,
// reads as empty instead of breaking a page.
import { and, asc, between, eq, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { RecentlyUsed } from "../domain/recently-used";
import type { BookingFieldValue, TableBooking } from "../domain/restaurant";
import type { Database, KitchenRef } from "./client";
import { kitchens, syncRuns, tableBookings } from "./schema";

/** A stored JSON column as JSON inside the packed row; text that is not valid JSON as `[]`. */
const embeddedJson = (column: AnySQLiteColumn) => sql`json(case when json_valid(${column}) then ${column} else '[]' end)`;

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
  embeddedJson(tableBookings.notesJson),
  embeddedJson(tableBookings.fieldsJson),
];

type PackedTable = [string, string, string | null, number, string, string | null, string | null, string | null, string | null, string | null, unknown, unknown];

/** The kitchen's table bookings dated from..to, as one packed JSON array, in date and time order. */
function packedTablesQuery(db: Database, kitchen: KitchenRef, from: string, to: string) {
  const ordered = db
    .select({ row: sql<string>`json_array(${sql.join(packedColumns, sql`, `)})`.as("row") })
    .from(tableBookings)
    .where(and(eq(tableBookings.kitchenId, kitchen.sql), between(tableBookings.date, from, to)))
    .orderBy(asc(tableBookings.date), asc(tableBookings.time), asc(tableBookings.resosBookingId))
    .as("ordered");
  // Rows joined as text: each is JSON already, and no JSON function re-reads them.
  return db.select({ tables: sql<string | null>`'[' || group_concat(${ordered.row}, ',') || ']'` }).from(ordered);
}

/**
 * What the stored tables of from..to are at: their count, the last run that wrote one, and
 * how far that run had got. Every write is a sync step's (src/db/table-booking-writes.ts):
 * it deletes its dates and writes their rows under its run's id, in the batch that moves
 * the run's `chunks_done` on, and a later run has a higher id. So after a write either the
 * last run or its progress is new, or rows only left the range and the count fell: any
 * change moves the version. The retention purge, the one other writer, stamps the
 * kitchen's `tables_purged_at` in its batch, which is part of the version too. Any other
 * writer (a hand edit) must move one of them, or pages keep what they had read until their
 * isolate ends; so must a restore that rewinds run ids (deploying afterwards starts fresh
 * isolates).
 */
function tablesVersionQuery(db: Database, kitchen: KitchenRef, from: string, to: string) {
  const written = db
    .select({ rows: sql<number>`count(*)`.as("rows"), run: sql<number | null>`max(${tableBookings.syncRunId})`.as("written_by_run") })
    .from(tableBookings)
    .where(and(eq(tableBookings.kitchenId, kitchen.sql), between(tableBookings.date, from, to)))
    .as("written");
  const progress = sql`coalesce((select ${syncRuns.chunksDone} from ${syncRuns} where ${syncRuns.id} = ${written.run}), 0)`;
  const purged = sql`coalesce((select ${kitchens.tablesPurgedAt} from ${kitchens} where ${kitchens.id} = ${kitchen.sql}), '')`;
  return db
    .select({ version: sql<string>`${written.rows} || '.' || coalesce(${written.run}, 0) || '.' || ${progress} || '.' || ${purged}`.as("version") })
    .from(written)
    .as("stored");
}

export interface WindowTables {
  /** `kitchen.from.to.version`: the same string means the same stored tables. */
  key: string;
  version: string;
  tables: TableBooking[];
}

// Table bookings read lately, by kitchen and dates. A chart is drawn again and again between
// two syncs (its live refresh, the kitchen's other phones): when the stored tables are where
// they were, the batch carries only their version and the copy here is used.
const recentWindows = new RecentlyUsed<string, WindowTables>(8);

const windowKey = (kitchenId: number, from: string, to: string) => `${kitchenId}.${from}.${to}`;

/**
 * The kitchen's tables of from..to for a caller's one batch: `query` reads their version,
 * and the tables themselves only when this isolate holds no copy at that version; `read`
 * turns its result into the tables. The copy is the one known when the query was made, so
 * a newer copy stored meanwhile by another request cannot be mistaken for it.
 */
export function windowTables(db: Database, kitchen: KitchenRef, from: string, to: string) {
  const id = windowKey(kitchen.id, from, to);
  const known = recentWindows.peek(id);
  const stored = tablesVersionQuery(db, kitchen, from, to);
  const query = db
    .select({
      version: stored.version,
      // CASE reads its ELSE only when it is reached: an unchanged range reads no table row.
      tables: sql<string | null>`case when ${stored.version} = ${known?.version ?? null} then null else (${packedTablesQuery(db, kitchen, from, to)}) end`,
    })
    .from(stored);
  const read = (rows: { version: string; tables: string | null }[]): WindowTables => {
    const version = rows[0]?.version ?? "";
    const tables = rows[0]?.tables ?? null;
    const result = known !== undefined && known.version === version && tables === null ? known : { key: `${id}.${version}`, version, tables: unpackTableBookings(tables) };
    recentWindows.set(id, result);
    return result;
  };
  return { query, read };
}

const isString = (item: unknown): item is string => typeof item === "string";

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? (value.every(isString) ? value : value.filter(isString)) : [];
}

function fieldList(value: unknown): BookingFieldValue[] {
  if (!Array.isArray(value)) return [];
  const fields: BookingFieldValue[] = [];
  for (const item of value as unknown[]) {
    if (item === null || typeof item !== "object") continue;
    const { fieldId, name, values } = item as Record<string, unknown>;
    if (typeof fieldId !== "string" || typeof name !== "string" || !Array.isArray(values)) continue;
    fields.push({ fieldId, name, values: stringList(values) });
  }
  return fields;
}

function unpackTableBookings(json: string | null | undefined): TableBooking[] {
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
