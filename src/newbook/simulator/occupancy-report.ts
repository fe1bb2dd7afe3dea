// reports_occupancy: per room category and night, rooms available, occupied and out of
// order. "Occupied" counts exactly the rooms the staying list puts guests in that night,
// so a client can cross-check the two.
import { bookingStatus, countsAsStaying, planFor } from "./booking";
import { dateOf } from "./calendar";
import { failureEnvelope, listEnvelope } from "./envelope";
import { priceNight, roundMoney } from "./meal-plans";
import type { ActionResult } from "./rest-actions";
import { readPeriod, type RequestBody } from "./request-fields";
import type { SimulatorState } from "./state";

const MAX_REPORT_DAYS = 366;
/** UK VAT on accommodation: net = gross / 1.2. */
const VAT_DIVISOR = 1.2;

interface CategoryNights {
  rooms: number;
  occupied: number[];
  maintenance: number[];
  revenue: number[];
}

const zeros = (length: number) => new Array<number>(length).fill(0);
const addAt = (values: number[], index: number, amount: number) => {
  values[index] = (values[index] ?? 0) + amount;
};

export function occupancyReport(state: SimulatorState, body: RequestBody): ActionResult {
  const period = readPeriod(body);
  if ("error" in period) return { status: 200, body: failureEnvelope(period.error) };
  const firstDay = period.from.day;
  const days = period.to.day - firstDay + 1;
  if (days > MAX_REPORT_DAYS) return { status: 200, body: failureEnvelope(`The period is longer than ${MAX_REPORT_DAYS} days`) };

  const { hotel, options } = state;
  const byCategory = new Map<number, CategoryNights>(
    hotel.categories.map((category) => [category.id, { rooms: 0, occupied: zeros(days), maintenance: zeros(days), revenue: zeros(days) }]),
  );
  const categoryNightsFor = (siteId: number | null) => {
    const site = siteId === null ? undefined : hotel.sitesById.get(siteId);
    return site && byCategory.get(site.category.id);
  };
  for (const site of hotel.sites) {
    const nights = byCategory.get(site.category.id);
    if (nights) nights.rooms++;
  }
  for (const block of hotel.maintenance) {
    const nights = categoryNightsFor(block.siteId);
    if (!nights) continue;
    for (let day = Math.max(block.fromDay, firstDay); day < Math.min(block.toDay, firstDay + days); day++) addAt(nights.maintenance, day - firstDay, 1);
  }
  for (const booking of state.bookings) {
    const nights = categoryNightsFor(booking.siteId);
    if (!nights || !countsAsStaying(bookingStatus(booking, options.todayDay))) continue;
    for (let day = Math.max(booking.arrivalDay, firstDay); day < Math.min(booking.departureDay, firstDay + days); day++) {
      addAt(nights.occupied, day - firstDay, 1);
      addAt(nights.revenue, day - firstDay, priceNight(booking, day, planFor(booking, day), hotel.glAccounts).charge);
    }
  }

  const rows = hotel.categories.map((category) => {
    const nights = byCategory.get(category.id)!;
    const occupancy: Record<string, unknown> = {};
    for (let index = 0; index < days; index++) {
      const date = dateOf(firstDay + index);
      const gross = roundMoney(nights.revenue[index]!);
      // Numbers, not text, as in the public examples of this report.
      occupancy[date] = {
        date,
        available: nights.rooms - nights.maintenance[index]!,
        occupied: nights.occupied[index]!,
        maintenance: nights.maintenance[index]!,
        allotted: 0,
        revenue_gross: gross,
        revenue_net: roundMoney(gross / VAT_DIVISOR),
      };
    }
    return { category_id: String(category.id), category_name: category.name, occupancy };
  });
  return { status: 200, body: listEnvelope(rows) };
}
