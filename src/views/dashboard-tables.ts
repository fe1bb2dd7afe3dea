// The dashboard's restaurant widget, as the seed system had it: per day, the arrivals and
// whether they have booked a table (optionally for one service), and tonight's DBB rooms
// without a dinner table, the list to work through at 5 pm. Pure, from the restaurant view.
import type { ChartNight } from "../db/chart-read-model";
import { ACTIVE_TABLE_STATUSES, type Service } from "../domain/restaurant";
import type { RestaurantView } from "../domain/restaurant-view";
import { compareRoomNames } from "../domain/room-order";

const ACTIVE = new Set<string>(ACTIVE_TABLE_STATUSES);

export interface ArrivalTables {
  date: string;
  arrivals: number;
  arrivalGuests: number;
  booked: number;
  notBooked: number;
  /** Guests of the arrivals without a table: the people still to reach. */
  guestsToReach: number;
  restaurantClosed: boolean;
}

export interface UntabledRoom {
  bookingId: string;
  room: string;
  guests: number;
  /** The lead surname when the kitchen shows names, else null. */
  surname: string | null;
}

const guestsOf = (night: ChartNight) => night.adults + night.children;

function hasTable(view: RestaurantView, night: ChartNight, service: Service | null): boolean {
  return view.tablesOf(night.bookingId, night.night).tables.some((table) => ACTIVE.has(table.status) && (service === null || table.service === service));
}

/** Arrivals on `date` (stays whose first night it is) and whether each has a table that night. */
export function arrivalTables(view: RestaurantView, stays: ChartNight[], date: string, service: Service | null): ArrivalTables {
  const arriving = stays.filter((night) => night.night === date && night.arrival === date);
  const without = arriving.filter((night) => !hasTable(view, night, service));
  return {
    date,
    arrivals: arriving.length,
    arrivalGuests: arriving.reduce((sum, night) => sum + guestsOf(night), 0),
    booked: arriving.length - without.length,
    notBooked: without.length,
    guestsToReach: without.reduce((sum, night) => sum + guestsOf(night), 0),
    restaurantClosed: view.closed.has(date),
  };
}

/** Tonight's DBB rooms without an active dinner table, in room order; none when the restaurant is closed. */
export function dbbRoomsWithoutDinnerTable(view: RestaurantView, stays: ChartNight[], date: string, showNames: boolean): UntabledRoom[] {
  if (view.closed.has(date)) return [];
  return stays
    .filter((night) => night.night === date && night.dinner && !hasTable(view, night, "dinner"))
    .map((night) => ({ bookingId: night.bookingId, room: night.roomName ?? "Unallocated", guests: guestsOf(night), surname: showNames ? night.leadLastName : null }))
    .sort((a, b) => compareRoomNames(a.room, b.room) || compareRoomNames(a.bookingId, b.bookingId));
}
