// The retention purge: guest names, contact details, notes and dietary needs of nights
// before a kitchen's cutoff are removed from the room-nights and the table bookings, while
// every number stays (pax, meal plans, covers, statuses, daily totals). A table keeps the
// custom fields that link it to a stay (booking number, hotel guest, DBB, group), so a past
// night still counts its residents' tables; its other fields (dietary needs among them) go.
//
// Run daily by the cron (purgeExpiredPersonalData), when an admin shortens the retention,
// and by a sync step writing nights already past the cutoff (a historical range), so no
// personal data outlives it by more than a day.
import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { keptFrom, nightsToPurge } from "../domain/retention";
import { todayInZone } from "../domain/dates";
import { runBatch, type BatchStatement, type Database } from "./client";
import { kitchens, resosConnections, roomNights, tableBookings } from "./schema";

/** The nights a purge clears: `[from, before)`, from the first night stored when `from` is null. */
export interface PurgedNights {
  from: string | null;
  before: string;
}

/** A table's custom fields without those that do not link it to a stay. */
const linkingFields = sql`(
  select coalesce(json_group_array(json(field.value)), '[]')
  from json_each(case when json_valid(${tableBookings.fieldsJson}) then ${tableBookings.fieldsJson} else '[]' end) as field
  where exists (
    select 1 from ${resosConnections}
    where ${resosConnections.kitchenId} = ${tableBookings.kitchenId}
      and json_extract(field.value, '$.fieldId') in (${resosConnections.bookingNumberFieldId}, ${resosConnections.hotelGuestFieldId}, ${resosConnections.dbbFieldId}, ${resosConnections.groupFieldId})
  )
)`;

const tableHoldsPersonalData = sql`(${tableBookings.guestName} is not null or ${tableBookings.guestPhone} is not null or ${tableBookings.guestEmail} is not null or ${tableBookings.notesJson} <> '[]' or ${tableBookings.fieldsJson} <> ${linkingFields})`;

const nightHoldsPersonalData = sql`(${roomNights.leadFirstName} is not null or ${roomNights.leadLastName} is not null or ${roomNights.leadEmail} is not null or ${roomNights.leadPhone} is not null)`;

/** `column in (ids)` as ONE bound value: a purge of thousands of kitchens stays within D1's bound-parameter limit. */
const among = (column: AnySQLiteColumn, ids: number[]) => sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;

function within(column: typeof roomNights.night | typeof tableBookings.date, nights: PurgedNights): SQL {
  return nights.from === null ? lt(column, nights.before) : and(gte(column, nights.from), lt(column, nights.before))!;
}

/**
 * The statements that clear the kitchens' personal data of the given nights, for one batch.
 * A kitchen whose tables change gets a new `tables_purged_at` first, which moves the version
 * pages hold their copy of the tables by (src/db/table-booking-reads.ts).
 */
export function purgeStatements(db: Database, kitchenIds: number[], nights: PurgedNights, now: Date): BatchStatement[] {
  if (kitchenIds.length === 0) return [];
  const tablesOf = and(among(tableBookings.kitchenId, kitchenIds), within(tableBookings.date, nights), tableHoldsPersonalData);
  return [
    db
      .update(kitchens)
      .set({ tablesPurgedAt: now.toISOString() })
      .where(sql`${kitchens.id} in ${db.selectDistinct({ kitchenId: tableBookings.kitchenId }).from(tableBookings).where(tablesOf)}`),
    db
      .update(roomNights)
      .set({ leadFirstName: null, leadLastName: null, leadEmail: null, leadPhone: null })
      .where(and(among(roomNights.kitchenId, kitchenIds), within(roomNights.night, nights), nightHoldsPersonalData)),
    db
      .update(tableBookings)
      .set({ guestName: null, guestPhone: null, guestEmail: null, notesJson: "[]", fieldsJson: linkingFields })
      .where(tablesOf),
  ];
}

export interface PurgeReport {
  kitchens: number;
  roomNights: number;
  tableBookings: number;
}

/** Rows a batch's update changed, from D1's meta. */
function changed(result: unknown): number {
  return (result as { meta?: { changes?: number } } | undefined)?.meta?.changes ?? 0;
}

/**
 * Clears what each kitchen no longer keeps, as of `now` in the kitchen's own zone, and
 * records how far each purge reached: one read, then one batch for all kitchens (kitchens
 * sharing a cutoff share their statements).
 */
export async function purgeExpiredPersonalData(db: Database, now: Date, onlyKitchenId?: number): Promise<PurgeReport> {
  const rows = await db
    .select({ id: kitchens.id, timeZone: kitchens.timeZone, retentionDays: kitchens.retentionDays, keptFrom: kitchens.personalDataKeptFrom })
    .from(kitchens)
    .where(onlyKitchenId === undefined ? undefined : eq(kitchens.id, onlyKitchenId));
  const groups = new Map<string, { nights: PurgedNights; kitchenIds: number[] }>();
  for (const kitchen of rows) {
    const nights = nightsToPurge(kitchen.keptFrom, keptFrom(todayInZone(kitchen.timeZone, now), kitchen.retentionDays));
    if (nights === null) continue;
    const key = `${nights.from ?? ""}.${nights.before}`;
    const group = groups.get(key) ?? { nights, kitchenIds: [] };
    group.kitchenIds.push(kitchen.id);
    groups.set(key, group);
  }
  // Per group: purgeStatements' three (the stamp, the room-nights, the tables), then its reach.
  const PER_GROUP = 4;
  const statements = [...groups.values()].flatMap(({ nights, kitchenIds }) => [
    ...purgeStatements(db, kitchenIds, nights, now),
    db.update(kitchens).set({ personalDataKeptFrom: nights.before }).where(among(kitchens.id, kitchenIds)),
  ]);
  const results = await runBatch(db, statements);
  const report: PurgeReport = { kitchens: 0, roomNights: 0, tableBookings: 0 };
  [...groups.values()].forEach((group, index) => {
    report.kitchens += group.kitchenIds.length;
    report.roomNights += changed(results[index * PER_GROUP + 1]);
    report.tableBookings += changed(results[index * PER_GROUP + 2]);
  });
  return report;
}
