// One day's table bookings on the wire, each with the stays it is linked to: what a kitchen
// checks when a number on the chart looks wrong. Guest names, contact details, notes and
// dietary needs are personal data: only when the kitchen shows names.
import type { RestaurantWindow } from "../../db/chart-read-model";
import { ACTIVE_TABLE_STATUSES, PENDING_TABLE_STATUSES, type Service } from "../../domain/restaurant";
import { buildRestaurantView } from "../../domain/restaurant-view";

const ACTIVE = new Set<string>(ACTIVE_TABLE_STATUSES);
const PENDING = new Set<string>(PENDING_TABLE_STATUSES);

export interface DayTablesJson {
  date: string;
  restaurant_closed: boolean;
  bookings: {
    resos_booking_id: string;
    time: string | null;
    people: number;
    status: string;
    /** approved, arrived, seated, left: a table the kitchen cooks for. */
    counts_as_table: boolean;
    pending: boolean;
    service: Service;
    opening_hour_name: string | null;
    table_name: string | null;
    area_name: string | null;
    hotel_guest: boolean | null;
    links: { booking_id: string; room_number: string | null; link: string; is_group_match: boolean }[];
    possible_matches: { booking_id: string; confidence: number }[];
    guest_name?: string | null;
    notes?: string[];
    dietary?: string[];
  }[];
}

/** `window` must hold the date's stays and tables, and resOS must be connected. */
export function dayTablesJson(date: string, window: RestaurantWindow & { restaurant: NonNullable<RestaurantWindow["restaurant"]> }, showNames: boolean): DayTablesJson {
  const view = buildRestaurantView({ dates: [date], stays: window.stays, tables: window.restaurant.tables, settings: window.restaurant.settings, showNames });
  const rooms = new Map(window.stays.map((night) => [night.bookingId, night.roomName]));
  return {
    date,
    restaurant_closed: view.closed.has(date),
    bookings: view.served
      .filter((entry) => entry.table.date === date)
      .map(({ table, service, links, hotelGuest, dietary }) => ({
        resos_booking_id: table.resosBookingId,
        time: table.time,
        people: table.people,
        status: table.status,
        counts_as_table: ACTIVE.has(table.status),
        pending: PENDING.has(table.status),
        service,
        opening_hour_name: view.openingHourNameOf(table.resosBookingId),
        table_name: table.tableNames.length > 0 ? table.tableNames.join(", ") : null,
        area_name: table.areaName,
        hotel_guest: hotelGuest,
        links: links
          .filter((link) => link.link !== "possible")
          .map((link) => ({ booking_id: link.bookingId, room_number: rooms.get(link.bookingId) ?? null, link: link.link, is_group_match: link.isGroupMatch })),
        possible_matches: links.filter((link) => link.link === "possible").map((link) => ({ booking_id: link.bookingId, confidence: link.confidence })),
        ...(showNames ? { guest_name: table.guestName, notes: table.notes, dietary } : {}),
      })),
  };
}
