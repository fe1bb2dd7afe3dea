// Tonight's service sheet: the night a chef cooks for, as a list for the pass. Its numbers,
// one row per occupied room (then each unallocated stay) with tonight's meal plan and
// tables, and below, the resident tables no stay could be found for, the suggestions to
// confirm and the non-residents' covers. Pure: the page, its print and the JSON share it.
import type { ChartInput, ChartNight } from "../../db/chart-read-model";
import { addDays } from "../../domain/dates";
import { ACTIVE_TABLE_STATUSES, PENDING_TABLE_STATUSES, SERVICES, SHOWN_TABLE_STATUSES, type Service } from "../../domain/restaurant";
import { hasSureLink, isResidentTable, type ServedTable } from "../../domain/restaurant-nights";
import { cachedRestaurantView, type RestaurantView } from "../../domain/restaurant-view";
import { compareRoomNames } from "../../domain/room-order";
import { leadName } from "../chart/chart-model";
import type { LinkKind } from "../../domain/table-links";

export const SHEET_FILTERS = ["all", "dbb", "no-table"] as const;
export type SheetFilter = (typeof SHEET_FILTERS)[number];

export interface SheetTable {
  resosBookingId: string;
  time: string | null;
  people: number;
  tableName: string | null;
  service: Service;
  link: LinkKind;
  /** Asked for (request, waitlist), not confirmed: shown, never counted. */
  pending: boolean;
}

export interface SheetRoom {
  /** The room's name; null for a stay not yet given a room. */
  room: string | null;
  bookingId: string;
  /** The lead surname (or first name) when the kitchen shows names, else null. */
  surname: string | null;
  adults: number;
  children: number;
  infants: number;
  dinner: boolean;
  breakfast: boolean;
  package: boolean;
  /** Tonight is the stay's first night. */
  arriving: boolean;
  /** Tonight is the stay's last night: it leaves tomorrow morning. */
  departing: boolean;
  /** Tonight's tables, dinner first; empty without resOS. */
  tables: SheetTable[];
  /**
   * What tonight's tables list, when the kitchen shows names: a room's needs are personal
   * data, like its guests' names. Empty while names are hidden (the night's count stays).
   */
  dietary: string[];
  /** Dinner is included and no confirmed dinner table is linked while the restaurant is open: the one to chase. */
  noDinnerTable: boolean;
}

export interface SheetTotals {
  roomsOccupied: number;
  guests: number;
  dbbGuests: number;
  breakfastsNextMorning: number;
  /** Null without resOS: nobody knows who has booked. */
  dbbRoomsWithoutDinnerTable: number | null;
  /** Resident tables + guests of DBB rooms without a table + non-residents; null without resOS. */
  expectedDinnerCovers: number | null;
}

export interface UnlinkedResidentBooking {
  resosBookingId: string;
  time: string | null;
  people: number;
  service: Service;
}

export interface PossibleMatch {
  resosBookingId: string;
  bookingId: string;
  room: string | null;
  time: string | null;
  people: number;
  confidence: number;
}

export interface ServiceSheet {
  date: string;
  /** A sync has written this night: without one nothing below is known. */
  synced: boolean;
  hasTables: boolean;
  restaurantClosed: boolean;
  /** Null when the night was never synced. */
  totals: SheetTotals | null;
  /** Every room of the night, in room order, then the unallocated stays. */
  rooms: SheetRoom[];
  /** The rooms the filter keeps. */
  shown: SheetRoom[];
  filter: SheetFilter;
  unlinkedResidentBookings: UnlinkedResidentBooking[];
  possibleMatches: PossibleMatch[];
  /** Active tables of guests not staying, their covers by service (every service, 0 when none). */
  nonResidentCovers: Record<Service, number>;
}

const ACTIVE = new Set<string>(ACTIVE_TABLE_STATUSES);
const PENDING = new Set<string>(PENDING_TABLE_STATUSES);

function roomOf(night: ChartNight, roomName: string | null, tomorrow: string, view: RestaurantView | null, servedById: Map<string, ServedTable>, showNames: boolean): SheetRoom {
  const stayTables = view === null ? [] : view.tablesOf(night.bookingId, night.night).tables.filter((table) => SHOWN_TABLE_STATUSES.has(table.status) && table.link !== "possible");
  const tables = stayTables.map((table) => ({
    resosBookingId: table.resosBookingId,
    time: table.time,
    people: table.people,
    tableName: table.tableName,
    service: table.service,
    link: table.link,
    pending: PENDING.has(table.status),
  }));
  const dietary = showNames ? [...new Set(stayTables.flatMap((table) => servedById.get(table.resosBookingId)?.dietary ?? []))] : [];
  const hasDinnerTable = tables.some((table) => table.service === "dinner" && !table.pending);
  return {
    room: roomName,
    bookingId: night.bookingId,
    surname: leadName(night, showNames),
    adults: night.adults,
    children: night.children,
    infants: night.infants,
    dinner: night.dinner,
    breakfast: night.breakfast,
    package: night.package,
    arriving: night.arrival === night.night,
    departing: night.departure === tomorrow,
    tables,
    dietary,
    noDinnerTable: view !== null && night.dinner && !hasDinnerTable && !view.closed.has(night.night),
  };
}

/** Tonight's stays in room order (the rooms' own, then rooms not in the last refresh by name), then those without a room. */
function inRoomOrder(nights: ChartNight[], rooms: ChartInput["rooms"]): ChartNight[] {
  const position = new Map(rooms.map((room, index) => [room.siteId, index]));
  const rank = (night: ChartNight) => (night.siteId === null ? 2 : position.has(night.siteId) ? 0 : 1);
  return [...nights].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (position.get(a.siteId ?? "") ?? 0) - (position.get(b.siteId ?? "") ?? 0) ||
      compareRoomNames(a.roomName ?? "", b.roomName ?? "") ||
      compareRoomNames(a.bookingId, b.bookingId),
  );
}

function keeps(filter: SheetFilter, room: SheetRoom): boolean {
  if (filter === "dbb") return room.dinner;
  if (filter === "no-table") return room.noDinnerTable;
  return true;
}

function restaurantViewOf(input: ChartInput, date: string, nights: ChartNight[]): RestaurantView | null {
  if (input.restaurant === null) return null;
  return cachedRestaurantView(input.restaurant.contentKey, { dates: [date], stays: nights, tables: input.restaurant.tables, settings: input.restaurant.settings, showNames: input.showNames });
}


/** The sheet of `input.start` (one night of the chart's input), with the rooms `filter` keeps. */
export function buildServiceSheet(input: ChartInput, filter: SheetFilter): ServiceSheet {
  const date = input.start;
  const tomorrow = addDays(date, 1);
  const nights = input.roomNights.filter((night) => night.night === date);
  const view = restaurantViewOf(input, date, nights);
  const servedTonight = view === null ? [] : view.served.filter((served) => served.table.date === date);
  const servedById = new Map(servedTonight.map((served) => [served.table.resosBookingId, served]));
  // A room is called what the chart calls it: its name from the last rooms refresh, else the stay's.
  const names = new Map(input.rooms.map((room) => [room.siteId, room.name]));
  const roomName = (night: ChartNight) => (night.siteId === null ? null : (names.get(night.siteId) ?? night.roomName));
  const rooms = inRoomOrder(nights, input.rooms).map((night) => roomOf(night, roomName(night), tomorrow, view, servedById, input.showNames));
  const day = input.totals.find((totals) => totals.date === date);
  const restaurantNight = view?.nights.get(date) ?? null;

  const roomNames = new Map(nights.map((night) => [night.bookingId, roomName(night)]));
  const active = servedTonight.filter((served) => ACTIVE.has(served.table.status));
  const nonResidentCovers = Object.fromEntries(SERVICES.map((service) => [service, 0])) as Record<Service, number>;
  for (const served of active) if (!isResidentTable(served)) nonResidentCovers[served.service] += served.table.people;

  return {
    date,
    synced: day !== undefined,
    hasTables: view !== null,
    restaurantClosed: view?.closed.has(date) ?? false,
    totals:
      day === undefined
        ? null
        : {
            roomsOccupied: day.roomsOccupied,
            guests: day.guests,
            dbbGuests: day.dinnerGuests,
            breakfastsNextMorning: day.breakfastGuests,
            dbbRoomsWithoutDinnerTable: restaurantNight?.dbbRoomsWithoutDinnerTable ?? null,
            expectedDinnerCovers: restaurantNight?.expectedDinnerCovers ?? null,
          },
    rooms,
    shown: rooms.filter((room) => keeps(filter, room)),
    filter,
    unlinkedResidentBookings: active
      .filter((served) => served.hotelGuest === true && !hasSureLink(served))
      .map(({ table, service }) => ({ resosBookingId: table.resosBookingId, time: table.time, people: table.people, service })),
    possibleMatches: (view?.possible ?? [])
      .filter((link) => link.night === date)
      .flatMap((link) => {
        const served = servedById.get(link.resosBookingId);
        if (served === undefined || !SHOWN_TABLE_STATUSES.has(served.table.status)) return [];
        return [{ resosBookingId: link.resosBookingId, bookingId: link.bookingId, room: roomNames.get(link.bookingId) ?? null, time: served.table.time, people: served.table.people, confidence: link.confidence }];
      }),
    nonResidentCovers,
  };
}
