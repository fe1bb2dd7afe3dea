// The residents chart's data in ONE D1 batch: rooms, the window's room-nights, table
// bookings and daily totals, the resOS mapping, the last sync time (for live refresh), and,
// when the kitchen shows guest names, the access-log row of this very render.
import { and, asc, between, eq, getTableColumns, sql, type SQLWrapper } from "drizzle-orm";
import type { Kitchen } from "../domain/kitchen";
import type { ChartWindow } from "../domain/chart-window";
import type { RoomNight } from "../domain/stay-nights";
import type { TableBooking } from "../domain/restaurant";
import { kitchenRef, type BatchRead, type Database, type KitchenRef } from "./client";
import { resosSettingsOf, type ResosConnectionRow, type ResosSettings } from "./resos-connection";
import { dailyOccupancy, kitchens, piiAccessLog, resosConnections, roomNights, rooms, syncSettings } from "./schema";
import { windowTables, type WindowTables } from "./table-booking-reads";

/** A room from the last rooms refresh, given in display (natural) order. */
export interface ChartRoom {
  siteId: string;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
}

/** One stored room_nights row inside the window: the fields of a RoomNight the chart shows. */
export type ChartNight = Pick<
  RoomNight,
  | "night"
  | "bookingId"
  | "siteId"
  | "roomName"
  | "groupId"
  | "leadFirstName"
  | "leadLastName"
  | "adults"
  | "children"
  | "infants"
  | "dinner"
  | "breakfast"
  | "package"
  | "arrival"
  | "departure"
  | "referenceId"
  | "leadEmail"
  | "leadPhone"
>;

/** The restaurant side of a chart: null when the kitchen has not connected resOS. */
export interface ChartRestaurant {
  settings: ResosSettings;
  /** Every stored table booking on the window's dates, whatever its status. */
  tables: TableBooking[];
  /**
   * Everything the window's links follow from (its stays, the version of its tables and the
   * mapping), as one string: the same key means the same restaurant view, which can then be
   * reused.
   */
  contentKey: string;
}

export interface ChartDayTotals {
  date: string;
  roomsAvailable: number;
  roomsOccupied: number;
  guests: number;
  dinnerGuests: number;
  breakfastGuests: number;
  arrivals: number;
  departures: number;
  occupancyPct: number | null;
}

export interface ChartInput {
  /** The first night shown, `YYYY-MM-DD`. */
  start: string;
  /** How many nights are shown: a whole number, at least 1. */
  nights: number;
  rooms: ChartRoom[];
  roomNights: ChartNight[];
  totals: ChartDayTotals[];
  showNames: boolean;
  restaurant: ChartRestaurant | null;
}

/** Who is looking, for the access log when names are shown. */
export interface Viewer {
  userId: number | null;
  apiTokenId: number | null;
  view: "chart" | "stay" | "tonight" | "dashboard" | "api";
}

export function piiAccessRow(kitchenId: number, viewer: Viewer, from: string, to: string, now: Date) {
  return { kitchenId, userId: viewer.userId, apiTokenId: viewer.apiTokenId, view: viewer.view, dateFrom: from, dateTo: to, accessedAt: now.toISOString() };
}

/**
 * The access-log row of a view, written by the view's own batch only when the kitchen shows
 * names as that batch reads it: a read that assumed names on for a kitchen that has turned
 * them off logs nothing.
 */
export function accessLogInsert(db: Database, kitchen: KitchenRef, viewer: Viewer, from: string, to: string, now: Date) {
  const values: Record<keyof typeof piiAccessLog.$inferSelect, SQLWrapper | string | number | null> = {
    id: null,
    kitchenId: kitchens.id,
    userId: viewer.userId,
    apiTokenId: viewer.apiTokenId,
    view: viewer.view,
    dateFrom: from,
    dateTo: to,
    accessedAt: now.toISOString(),
  };
  // drizzle inserts a select's values into every column, in the table's order.
  const selected = Object.keys(getTableColumns(piiAccessLog)).map((key) => sql`${values[key as keyof typeof values]}`);
  return db.insert(piiAccessLog).select(sql`select ${sql.join(selected, sql`, `)} from ${kitchens} where ${and(eq(kitchens.id, kitchen.sql), eq(kitchens.showGuestNames, true))}`);
}

const nightColumns = {
  night: roomNights.night,
  bookingId: roomNights.bookingId,
  siteId: roomNights.siteId,
  roomName: roomNights.roomName,
  groupId: roomNights.groupId,
  leadFirstName: roomNights.leadFirstName,
  leadLastName: roomNights.leadLastName,
  adults: roomNights.adults,
  children: roomNights.children,
  infants: roomNights.infants,
  dinner: roomNights.dinner,
  breakfast: roomNights.breakfast,
  package: roomNights.package,
  arrival: roomNights.arrival,
  departure: roomNights.departure,
};

/**
 * One row per stay in the window, its nights and meal flags packed as "YYYY-MM-DDdbp,...":
 * a stay's other fields are the same every night.
 */
const stayColumns = {
  booking_id: roomNights.bookingId,
  site_id: roomNights.siteId,
  room_name: roomNights.roomName,
  group_id: roomNights.groupId,
  lead_first_name: roomNights.leadFirstName,
  lead_last_name: roomNights.leadLastName,
  adults: roomNights.adults,
  children: roomNights.children,
  infants: roomNights.infants,
  arrival: roomNights.arrival,
  departure: roomNights.departure,
  reference_id: roomNights.referenceId,
  lead_email: roomNights.leadEmail,
  lead_phone: roomNights.leadPhone,
  nights: sql<string>`group_concat(${roomNights.night} || ${roomNights.dinner} || ${roomNights.breakfast} || ${roomNights.package}, ',')`.as("nights"),
};

/** A stay as json_array(...) of stayColumns, in their order. */
type PackedStay = [
  string, string | null, string | null, string | null, string | null, string | null, number, number, number, string, string,
  string | null, string | null, string | null, string,
];

/** The packed stays back into one ChartNight per night. */
function unpackStays(json: string | null | undefined): ChartNight[] {
  const nights: ChartNight[] = [];
  for (const [bookingId, siteId, roomName, groupId, leadFirstName, leadLastName, adults, children, infants, arrival, departure, referenceId, leadEmail, leadPhone, packed] of JSON.parse(
    json ?? "[]",
  ) as PackedStay[]) {
    for (const night of packed.split(",")) {
      nights.push({ bookingId, siteId, roomName, groupId, leadFirstName, leadLastName, adults, children, infants, arrival, departure, referenceId, leadEmail, leadPhone,
        night: night.slice(0, 10), dinner: night[10] === "1", breakfast: night[11] === "1", package: night[12] === "1" });
    }
  }
  return nights;
}

/** Every stay with a night in from..to, packed by SQLite into ONE JSON value (D1 pays per value it carries out). */
function packedStaysQuery(db: Database, kitchen: KitchenRef, from: string, to: string) {
  const stays = db
    .select(stayColumns)
    .from(roomNights)
    .where(and(eq(roomNights.kitchenId, kitchen.sql), between(roomNights.night, from, to)))
    .groupBy(roomNights.bookingId, roomNights.siteId)
    .as("stays");
  return db.select({ stays: sql<string | null>`json_group_array(json_array(${sql.join(Object.keys(stayColumns).map((name) => sql.identifier(name)), sql`, `)}))` }).from(stays);
}

function resosConnectionQuery(db: Database, kitchen: KitchenRef) {
  return db.select().from(resosConnections).where(eq(resosConnections.kitchenId, kitchen.sql));
}

function restaurantOf(connection: ResosConnectionRow | undefined, tables: WindowTables, packedStays: string | null | undefined): ChartRestaurant | null {
  if (!connection) return null;
  const settings = resosSettingsOf(connection);
  const contentKey = `${JSON.stringify([settings.mapping, settings.serviceChoices, connection.openingHoursJson, connection.customFieldsJson])}\u0000${tables.key}\u0000${packedStays ?? ""}`;
  return { settings, tables: tables.tables, contentKey };
}

/** The stays and tables of from..to, for a view of the restaurant outside the chart (a stay's panel, the dashboard). */
export interface RestaurantWindow {
  stays: ChartNight[];
  restaurant: ChartRestaurant | null;
}

/**
 * A restaurant window's three statements, to join a caller's one batch (`queries`), and
 * `read`, which turns their results into the window.
 */
export function restaurantWindowRead(db: Database, kitchen: KitchenRef, from: string, to: string) {
  const tables = windowTables(db, kitchen, from, to);
  return {
    queries: [packedStaysQuery(db, kitchen, from, to), resosConnectionQuery(db, kitchen), tables.query] as const,
    read: ([stays, connection, tableRows]: readonly [{ stays: string | null }[], ResosConnectionRow[], { version: string; tables: string | null }[]]): RestaurantWindow => ({
      stays: unpackStays(stays[0]?.stays),
      restaurant: restaurantOf(connection[0], tables.read(tableRows), stays[0]?.stays),
    }),
  };
}

export async function loadRestaurantWindow(db: Database, kitchenId: number, from: string, to: string): Promise<RestaurantWindow> {
  const window = restaurantWindowRead(db, kitchenRef(kitchenId), from, to);
  return window.read(await db.batch(window.queries));
}

/** A kitchen as a read of its pages needs it: which one, and whether its names are shown (the access log). */
export type ReadKitchen = KitchenRef & { showGuestNames: boolean };

export interface ChartData {
  input: ChartInput;
  lastSyncAt: string | null;
}

/** The chart's one batch: rooms, the window's stays, totals, last sync, the restaurant, and the access-log row when names are shown. */
export function chartRead(db: Database, kitchen: ReadKitchen, window: ChartWindow, viewer: Viewer, now: Date): BatchRead<ChartData> {
  const tablesRead = windowTables(db, kitchen, window.start, window.end);
  const statements = [
    db
      .select({ siteId: rooms.siteId, name: rooms.name, categoryId: rooms.categoryId, categoryName: rooms.categoryName })
      .from(rooms)
      .where(eq(rooms.kitchenId, kitchen.sql))
      .orderBy(asc(rooms.sortOrder)),
    packedStaysQuery(db, kitchen, window.start, window.end),
    db
      .select({
        date: dailyOccupancy.date,
        roomsAvailable: dailyOccupancy.roomsAvailable,
        roomsOccupied: dailyOccupancy.roomsOccupied,
        guests: dailyOccupancy.guests,
        dinnerGuests: dailyOccupancy.dinnerGuests,
        breakfastGuests: dailyOccupancy.breakfastGuests,
        arrivals: dailyOccupancy.arrivals,
        departures: dailyOccupancy.departures,
        occupancyPct: dailyOccupancy.occupancyPct,
      })
      .from(dailyOccupancy)
      .where(and(eq(dailyOccupancy.kitchenId, kitchen.sql), between(dailyOccupancy.date, window.start, window.end))),
    db.select({ lastSyncAt: syncSettings.lastSyncAt }).from(syncSettings).where(eq(syncSettings.kitchenId, kitchen.sql)),
    resosConnectionQuery(db, kitchen),
    tablesRead.query,
    ...(kitchen.showGuestNames ? [accessLogInsert(db, kitchen, viewer, window.start, window.end, now)] : []),
  ];
  return {
    statements,
    read(results) {
      const [roomRows, nightRows, totals, sync, resos, tables] = results as [
        ChartRoom[],
        { stays: string | null }[],
        ChartDayTotals[],
        { lastSyncAt: string | null }[],
        ResosConnectionRow[],
        { version: string; tables: string | null }[],
      ];
      return {
        input: {
          start: window.start,
          nights: window.nights,
          rooms: roomRows,
          roomNights: unpackStays(nightRows[0]?.stays),
          totals,
          showNames: kitchen.showGuestNames,
          restaurant: restaurantOf(resos[0], tablesRead.read(tables), nightRows[0]?.stays),
        },
        lastSyncAt: sync[0]?.lastSyncAt ?? null,
      };
    },
  };
}

/** One access-log row for a view that showed personal data. */
export async function logPiiAccess(db: Database, kitchenId: number, viewer: Viewer, from: string, to: string, now: Date): Promise<void> {
  await db.insert(piiAccessLog).values(piiAccessRow(kitchenId, viewer, from, to, now));
}

export type RoomNightRow = Awaited<ReturnType<typeof loadStay>>[number];

/** Every stored night of one booking of this kitchen, for the stay panel. */
export async function loadStay(db: Database, kitchen: Kitchen, bookingId: string, viewer: Viewer, now: Date) {
  const nights = await db
    .select({ ...nightColumns, categoryName: roomNights.categoryName, status: roomNights.status })
    .from(roomNights)
    .where(and(eq(roomNights.kitchenId, kitchen.id), eq(roomNights.bookingId, bookingId)))
    .orderBy(asc(roomNights.night));
  const first = nights[0];
  if (first && kitchen.showGuestNames) {
    await db.insert(piiAccessLog).values(piiAccessRow(kitchen.id, viewer, first.night, nights.at(-1)!.night, now));
  }
  return nights;
}

/** The rooms of a group over from..to (each booking once, in room order as stored), for a stay's panel. */
export async function loadGroupRooms(db: Database, kitchenId: number, groupId: string, from: string, to: string): Promise<{ bookingId: string; roomName: string | null }[]> {
  return db
    .selectDistinct({ bookingId: roomNights.bookingId, roomName: roomNights.roomName })
    .from(roomNights)
    .where(and(eq(roomNights.kitchenId, kitchenId), eq(roomNights.groupId, groupId), between(roomNights.night, from, to)))
    .orderBy(asc(roomNights.roomName), asc(roomNights.bookingId));
}
