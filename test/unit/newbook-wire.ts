// Newbook rows as the wire sends them (numbers as text), parsed through the real response
// schemas so domain tests see exactly what the sync hands the domain code. Rows carry every
// key the schemas declare, so the fixtures do not depend on how a missing key is treated.
import { NewbookBooking, NewbookOccupancyCategory } from "../../src/newbook/schemas";

type Wire = Record<string, unknown>;

export function wireGuest(overrides: Wire = {}): Wire {
  return { guest_id: "77", firstname: "Ada", lastname: "Lovelace", primary_client: "1", ...overrides };
}

export function wireItem(overrides: Wire = {}): Wire {
  return { stay_date: "2026-01-22 00:00:00", description: "Sundry", amount: "25.00", gl_account_id: null, ...overrides };
}

export function wireTariff(overrides: Wire = {}): Wire {
  return { stay_date: "2026-01-22", label: "Room Only", charge_amount: "180.00", calculated_amount: "180.00", ...overrides };
}

/** A two-night stay in room 108 for two adults and a child, unless told otherwise. */
export function wireBooking(overrides: Wire = {}): NewbookBooking {
  return NewbookBooking.parse({
    booking_id: "1001",
    booking_reference_id: "BDC-555",
    bookings_group_id: "0",
    booking_arrival: "2026-01-22 14:00:00",
    booking_departure: "2026-01-24 10:00:00",
    booking_status: "Confirmed",
    booking_modified: "2026-01-10 09:12:00",
    site_id: "12",
    site_name: "108",
    category_id: "3",
    category_name: "Double",
    booking_adults: "2",
    booking_children: "1",
    booking_infants: "0",
    guests: [wireGuest()],
    tariffs_quoted: [],
    inventory_items: [],
    ...overrides,
  });
}

/** One reports_occupancy row: the rooms available per date, as text. */
export function wireOccupancy(categoryId: string | null, availableByDate: Record<string, string | number>): NewbookOccupancyCategory {
  return NewbookOccupancyCategory.parse({
    category_id: categoryId,
    category_name: `Category ${categoryId}`,
    occupancy: Object.fromEntries(
      Object.entries(availableByDate).map(([date, available]) => [date, { date, available, occupied: "0", maintenance: "0", allotted: "0" }]),
    ),
  });
}
