// One row of hotel totals per date: what the dashboard shows and daily_occupancy stores.
import type { NewbookOccupancyCategory } from "../newbook/schemas";
import { eachDate } from "./dates";
import type { DateRange } from "./dates";
import type { RoomNight, Stay } from "./stay-nights";

export interface DailyTotals {
  date: string;
  /** Rooms Newbook reports as available that night, summed over the included categories. */
  roomsAvailable: number;
  /** Booked rooms that night; an unallocated booking still takes one room. */
  roomsOccupied: number;
  /** Occupied over available in percent, one decimal; null when nothing is available. */
  occupancyPct: number | null;
  /** Adults, children and infants sleeping in that night. */
  guests: number;
  adults: number;
  children: number;
  infants: number;
  /**
   * Guests sleeping in that night whose night includes breakfast. They eat it the NEXT
   * morning: the breakfast service on date D cooks for `breakfastGuests` of D - 1.
   */
  breakfastGuests: number;
  /** Guests whose night includes dinner: that evening's dinner covers. */
  dinnerGuests: number;
  /** Rooms whose night includes dinner (dinner, bed and breakfast). */
  dbbRooms: number;
  arrivals: number;
  arrivalGuests: number;
  departures: number;
  departureGuests: number;
}

function guestsIn(party: { adults: number; children: number; infants: number }): number {
  return party.adults + party.children + party.infants;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function sum<T>(items: T[], valueOf: (item: T) => number): number {
  return items.reduce((total, item) => total + valueOf(item), 0);
}

/**
 * Totals for every date of `range`, in order. Rooms in an excluded category (staff
 * rooms, say) count nowhere: not as available rooms,
 * not as occupied nights, not as arrivals or departures.
 */
export function computeDailyTotals(input: {
  range: DateRange;
  nights: RoomNight[];
  stays: Stay[];
  occupancy: NewbookOccupancyCategory[];
  excludedCategoryIds: ReadonlySet<string>;
}): DailyTotals[] {
  const isIncluded = (categoryId: string | null) => categoryId === null || !input.excludedCategoryIds.has(categoryId);
  const categories = input.occupancy.filter((category) => isIncluded(category.category_id));
  const stays = input.stays.filter((stay) => isIncluded(stay.categoryId));
  const nightsByDate = groupBy(
    input.nights.filter((night) => isIncluded(night.categoryId)),
    (night) => night.night,
  );
  const arrivalsByDate = groupBy(stays, (stay) => stay.arrival);
  const departuresByDate = groupBy(stays, (stay) => stay.departure);

  return eachDate(input.range.from, input.range.to).map((date) => {
    const nights = nightsByDate.get(date) ?? [];
    const arrivals = arrivalsByDate.get(date) ?? [];
    const departures = departuresByDate.get(date) ?? [];
    const roomsAvailable = sum(categories, (category) => category.occupancy[date]?.available ?? 0);
    const withDinner = nights.filter((night) => night.dinner);
    return {
      date,
      roomsAvailable,
      roomsOccupied: nights.length,
      occupancyPct: roomsAvailable > 0 ? Math.round((nights.length / roomsAvailable) * 1000) / 10 : null,
      guests: sum(nights, guestsIn),
      adults: sum(nights, (night) => night.adults),
      children: sum(nights, (night) => night.children),
      infants: sum(nights, (night) => night.infants),
      breakfastGuests: sum(nights.filter((night) => night.breakfast), guestsIn),
      dinnerGuests: sum(withDinner, guestsIn),
      dbbRooms: withDinner.length,
      arrivals: arrivals.length,
      arrivalGuests: sum(arrivals, guestsIn),
      departures: departures.length,
      departureGuests: sum(departures, guestsIn),
    };
  });
}
