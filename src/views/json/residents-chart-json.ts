// The residents chart on the wire, in the seed system's JSON shape: one entry per room (its
// lanes merged) and one per unallocated booking, each booking once per entry with its shown
// nights. Laid out by the same code as the page.
import type { ChartInput, ChartNight } from "../../db/chart-read-model";
import { ACTIVE_TABLE_STATUSES, type Service } from "../../domain/restaurant";
import type { RestaurantView } from "../../domain/restaurant-view";
import { compareStays, footerOf, guestName, layOut, summarise, type PlacedBar } from "../chart/chart-model";

const ACTIVE = new Set<string>(ACTIVE_TABLE_STATUSES);

export interface TableBookingJson {
  resos_booking_id: string;
  time: string | null;
  people: number;
  service: Service;
  table_name: string | null;
  status: string;
  link: string;
  is_group_match: boolean;
}

/** A stay's night at the restaurant: the top-level fields describe its dinner table, else its first active one. */
export interface RestaurantNightJson {
  has_booking: boolean;
  time: string | null;
  people: number | null;
  table_name: string | null;
  opening_hour_name: string | null;
  is_group_match: boolean;
  link: string | null;
  bookings: TableBookingJson[];
}

export interface NightTotalsJson {
  dbb_rooms: number;
  dbb_rooms_without_dinner_table: number;
  dbb_guests_without_dinner_table: number;
  dinner_resident_covers: number;
  dinner_non_resident_covers: number;
  expected_dinner_covers: number;
  dietary: Record<string, number>;
  restaurant_closed: boolean;
}

export interface ResidentsChartJson {
  start_date: string;
  end_date: string;
  dates: string[];
  rooms: {
    room_number: string | null;
    bookings: {
      booking_id: string;
      bookings_group_id: string | null;
      check_in: string;
      check_out: string;
      nights: string[];
      guest_name: string | null;
      adults: number;
      children: number;
      infants: number;
      is_dbb: boolean;
      is_package: boolean;
      night_flags: Record<string, { dinner: boolean; breakfast: boolean; package: boolean }>;
      /** Every night of the stay in the window; {} without resOS. */
      restaurant_bookings: Record<string, RestaurantNightJson>;
    }[];
  }[];
  summary: {
    total_rooms: number;
    total_bookings: number;
    total_room_nights: number;
    occupancy_percentage: number | null;
    /** Room-nights with an active table; null without resOS. */
    nights_with_restaurant: number | null;
    coverage_percentage: number | null;
  };
  /** resOS is connected: the restaurant fields mean something. */
  restaurant_connected: boolean;
  /** Per date of the window; {} without resOS. */
  /** Every date: whether a sync has written it, and with resOS its restaurant numbers. */
  nights: Record<string, { synced: boolean } & Partial<NightTotalsJson>>;
}

/**
 * The chart in the seed system's JSON shape: one entry per room (its lanes merged) and
 * one per unallocated booking, each booking once per entry with its shown nights.
 */
export function residentsChartJson(input: ChartInput): ResidentsChartJson {
  const layout = layOut(input);
  const footer = footerOf(input.totals, layout);
  const summary = summarise(input, layout, footer);
  const restaurant = layout.restaurant;

  // A room's extra lanes follow its own row: they join that room's entry.
  const entries: { roomNumber: string | null; bars: PlacedBar[] }[] = [];
  for (const row of layout.rows) {
    const previous = entries[entries.length - 1];
    if (row.lane > 0 && previous !== undefined) previous.bars.push(...row.bars);
    else entries.push({ roomNumber: row.roomNumber, bars: [...row.bars] });
  }

  return {
    start_date: layout.dates[0] ?? input.start,
    end_date: layout.dates[layout.dates.length - 1] ?? input.start,
    dates: layout.dates,
    rooms: entries.map((entry) => ({ room_number: entry.roomNumber, bookings: bookingsOf(entry.bars, input.showNames, restaurant) })),
    summary: {
      total_rooms: summary.rooms,
      total_bookings: summary.bookings,
      total_room_nights: summary.roomNights,
      occupancy_percentage: summary.occupancyPct,
      nights_with_restaurant: summary.nightsWithTable,
      coverage_percentage: summary.coveragePct,
    },
    restaurant_connected: restaurant !== null,
    nights: Object.fromEntries(footer.map((day) => [day.date, { synced: day.synced, ...(restaurant === null ? {} : nightTotalsJson(restaurant, day.date)) }])),
  };
}

function nightTotalsJson(restaurant: RestaurantView, date: string): NightTotalsJson {
  const night = restaurant.nights.get(date)!;
  return {
    dbb_rooms: night.dbbRooms,
    dbb_rooms_without_dinner_table: night.dbbRoomsWithoutDinnerTable,
    dbb_guests_without_dinner_table: night.dbbGuestsWithoutDinnerTable,
    dinner_resident_covers: night.dinnerResidentCovers,
    dinner_non_resident_covers: night.dinnerNonResidentCovers,
    expected_dinner_covers: night.expectedDinnerCovers,
    dietary: night.dietary,
    restaurant_closed: night.restaurantClosed,
  };
}

export function restaurantNightJson(restaurant: RestaurantView, bookingId: string, night: string): RestaurantNightJson {
  const { tables } = restaurant.tablesOf(bookingId, night);
  const bookings = tables.map((table) => ({
    resos_booking_id: table.resosBookingId,
    time: table.time,
    people: table.people,
    service: table.service,
    table_name: table.tableName,
    status: table.status,
    link: table.link,
    is_group_match: table.isGroupMatch,
  }));
  const active = tables.filter((table) => ACTIVE.has(table.status));
  const shown = active.find((table) => table.service === "dinner") ?? active[0] ?? null;
  return {
    has_booking: shown !== null,
    time: shown?.time ?? null,
    people: shown?.people ?? null,
    table_name: shown?.tableName ?? null,
    opening_hour_name: shown ? restaurant.openingHourNameOf(shown.resosBookingId) : null,
    is_group_match: shown?.isGroupMatch ?? false,
    link: shown?.link ?? null,
    bookings,
  };
}

function bookingsOf(bars: PlacedBar[], showNames: boolean, restaurant: RestaurantView | null): ResidentsChartJson["rooms"][number]["bookings"] {
  const nightsByBooking = new Map<string, ChartNight[]>();
  for (const placed of [...bars].sort(compareStays)) {
    const nights = nightsByBooking.get(placed.bar.bookingId);
    if (nights) nights.push(...placed.shown);
    else nightsByBooking.set(placed.bar.bookingId, [...placed.shown]);
  }
  return [...nightsByBooking.values()].map((nights) => {
    nights.sort((a, b) => (a.night < b.night ? -1 : a.night > b.night ? 1 : 0));
    const lead = nights[0];
    if (lead === undefined) throw new Error("a booking needs at least one night");
    return {
      booking_id: lead.bookingId,
      bookings_group_id: lead.groupId,
      check_in: lead.arrival,
      check_out: lead.departure,
      nights: nights.map((night) => night.night),
      guest_name: guestName(lead, showNames),
      adults: lead.adults,
      children: lead.children,
      infants: lead.infants,
      is_dbb: nights.some((night) => night.dinner),
      is_package: nights.some((night) => night.package),
      night_flags: Object.fromEntries(nights.map((night) => [night.night, { dinner: night.dinner, breakfast: night.breakfast, package: night.package }])),
      restaurant_bookings: restaurant === null ? {} : Object.fromEntries(nights.map((night) => [night.night, restaurantNightJson(restaurant, night.bookingId, night.night)])),
    };
  });
}
