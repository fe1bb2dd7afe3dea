// The residents chart on the wire, in the seed system's JSON shape: one entry per room (its
// lanes merged) and one per unallocated booking, each booking once per entry with its shown
// nights. Laid out by the same code as the page.
import type { ChartInput, ChartNight } from "../../db/chart-read-model";
import { compareStays, footerOf, guestName, layOut, summarise, type PlacedBar } from "../chart/chart-model";

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
    }[];
  }[];
  summary: { total_rooms: number; total_bookings: number; total_room_nights: number; occupancy_percentage: number | null };
}

/**
 * The chart in the seed system's JSON shape: one entry per room (its lanes merged) and
 * one per unallocated booking, each booking once per entry with its shown nights.
 */
export function residentsChartJson(input: ChartInput): ResidentsChartJson {
  const layout = layOut(input);
  const footer = footerOf(input.totals, layout.dates);
  const summary = summarise(input, layout, footer);

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
    rooms: entries.map((entry) => ({ room_number: entry.roomNumber, bookings: bookingsOf(entry.bars, input.showNames) })),
    summary: {
      total_rooms: summary.rooms,
      total_bookings: summary.bookings,
      total_room_nights: summary.roomNights,
      occupancy_percentage: summary.occupancyPct,
    },
  };
}

function bookingsOf(bars: PlacedBar[], showNames: boolean): ResidentsChartJson["rooms"][number]["bookings"] {
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
    };
  });
}
