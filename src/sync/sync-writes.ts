// The statements of one sync's single D1 batch. Rows travel as one JSON array per
// statement, unpacked by SQLite's json_each: two bound parameters per statement however
// many rows, so a month of a large hotel stays far inside D1's limits of 100 parameters
// and 1,000 queries per invocation. Arrays are cut at JSON_CHUNK_CHARS.
import type { DailyTotals } from "../domain/daily-totals";
import type { RoomNight } from "../domain/stay-nights";

const JSON_CHUNK_CHARS = 90_000;

/** Splits rows into JSON arrays of at most JSON_CHUNK_CHARS characters each. */
export function jsonChunks(rows: unknown[][]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 2;
  for (const row of rows) {
    const encoded = JSON.stringify(row);
    if (current.length > 0 && length + encoded.length + 1 > JSON_CHUNK_CHARS) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      length = 2;
    }
    current.push(encoded);
    length += encoded.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}

/** One statement of the batch: SQL text with `?` placeholders and its values. */
export interface Statement {
  sql: string;
  params: (string | number | null)[];
}

/** `value ->> 0, value ->> 1, ...` for a json_each row of `count` columns. */
function jsonColumns(count: number): string {
  return Array.from({ length: count }, (_, i) => `value ->> ${i}`).join(", ");
}

export interface RoomRow {
  siteId: string;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
  sortOrder: number;
}

export function replaceRooms(kitchenId: number, rows: RoomRow[]): Statement[] {
  const values = rows.map((r) => [r.siteId, r.name, r.categoryId, r.categoryName, r.sortOrder]);
  return [
    { sql: `DELETE FROM rooms WHERE kitchen_id = ?`, params: [kitchenId] },
    ...jsonChunks(values).map(
      (json) => ({ sql: `INSERT INTO rooms (kitchen_id, site_id, name, category_id, category_name, sort_order)
        SELECT ?, ${jsonColumns(5)} FROM json_each(?)`, params: [kitchenId, json] }),
    ),
  ];
}

/** New categories arrive included; a kitchen's include/exclude choice is kept. */
export function upsertRoomCategories(kitchenId: number, categories: { id: string; name: string }[]): Statement[] {
  return jsonChunks(categories.map((c) => [c.id, c.name])).map(
    (json) => ({ sql: `INSERT INTO room_categories (kitchen_id, category_id, name)
      SELECT ?, ${jsonColumns(2)} FROM json_each(?) WHERE true
      ON CONFLICT (kitchen_id, category_id) DO UPDATE SET name = excluded.name`, params: [kitchenId, json] }),
  );
}

export function replaceRoomNights(kitchenId: number, from: string, to: string, nights: RoomNight[]): Statement[] {
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
  ]);
  return [
    { sql: `DELETE FROM room_nights WHERE kitchen_id = ? AND night BETWEEN ? AND ?`, params: [kitchenId, from, to] },
    ...jsonChunks(values).map(
      (json) => ({ sql: `INSERT INTO room_nights (kitchen_id, night, booking_id, site_id, room_name, category_id, category_name,
          group_id, lead_first_name, lead_last_name, adults, children, infants, dinner, breakfast, package, arrival, departure, status)
        SELECT ?, ${jsonColumns(18)} FROM json_each(?)`, params: [kitchenId, json] }),
    ),
  ];
}

export function upsertDailyTotals(kitchenId: number, runId: number, updatedAt: string, totals: DailyTotals[]): Statement[] {
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
  return jsonChunks(values).map(
    (json) => ({ sql: `INSERT INTO daily_occupancy (kitchen_id, date, rooms_available, rooms_occupied, occupancy_pct, guests, adults,
        children, infants, breakfast_guests, dinner_guests, dbb_rooms, arrivals, arrival_guests, departures, departure_guests,
        sync_run_id, updated_at)
      SELECT ?, ${jsonColumns(15)}, ?, ? FROM json_each(?) WHERE true
      ON CONFLICT (kitchen_id, date) DO UPDATE SET rooms_available = excluded.rooms_available,
        rooms_occupied = excluded.rooms_occupied, occupancy_pct = excluded.occupancy_pct, guests = excluded.guests,
        adults = excluded.adults, children = excluded.children, infants = excluded.infants,
        breakfast_guests = excluded.breakfast_guests, dinner_guests = excluded.dinner_guests, dbb_rooms = excluded.dbb_rooms,
        arrivals = excluded.arrivals, arrival_guests = excluded.arrival_guests, departures = excluded.departures,
        departure_guests = excluded.departure_guests, sync_run_id = excluded.sync_run_id, updated_at = excluded.updated_at`, params: [kitchenId, runId, updatedAt, json] }),
  );
}
