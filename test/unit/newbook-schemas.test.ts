import { describe, expect, it } from "vitest";
import { NewbookBooking, NewbookEnvelope, NewbookOccupancyCategory, NewbookSite } from "../../src/newbook/schemas";

describe("Newbook schemas", () => {
  it("read a booking that has nothing but its id", () => {
    expect(NewbookBooking.parse({ booking_id: 5 })).toEqual({
      booking_id: "5",
      booking_reference_id: null,
      bookings_group_id: null,
      booking_arrival: null,
      booking_departure: null,
      booking_status: null,
      booking_modified: null,
      site_id: null,
      site_name: null,
      category_id: null,
      category_name: null,
      booking_adults: 0,
      booking_children: 0,
      booking_infants: 0,
      guests: [],
      tariffs_quoted: [],
      inventory_items: [],
    });
  });

  it("refuse a booking without an id", () => {
    expect(NewbookBooking.safeParse({ booking_arrival: "2026-01-22 14:00:00" }).success).toBe(false);
  });

  it('turn string numbers into numbers, "0" ids into none, and rows keyed by index into arrays', () => {
    const booking = NewbookBooking.parse({
      booking_id: "77",
      bookings_group_id: "0",
      site_id: 12,
      booking_adults: "2",
      booking_children: "",
      booking_infants: "x",
      guests: { 0: { guest_id: "1", firstname: "Zoë", lastname: "O'Brien", primary_client: "1" } },
      inventory_items: [{ stay_date: "2026-01-22", description: "Dinner Allocation", amount: "25.00" }],
    });
    expect(booking).toMatchObject({ bookings_group_id: null, site_id: "12", booking_adults: 2, booking_children: 0, booking_infants: 0 });
    expect(booking.guests).toEqual([{ guest_id: "1", firstname: "Zoë", lastname: "O'Brien", primary_client: true, contact_details: [] }]);
    expect(booking.inventory_items[0]).toMatchObject({ amount: 25, gl_account_id: null });
  });

  it('read success as the string "true" or "false", with or without paging fields', () => {
    expect(NewbookEnvelope.parse({ success: "false", message: "Invalid api_key" })).toMatchObject({ success: false, message: "Invalid api_key", data_total: null });
    expect(NewbookEnvelope.parse({ success: "true", data: [], data_total: "120", data_count: 100 })).toMatchObject({ success: true, data_total: 120, data_count: 100 });
    expect(NewbookEnvelope.parse({ success: true })).toMatchObject({ success: true });
  });

  it("read sites and occupancy rows with missing parts", () => {
    expect(NewbookSite.parse({ site_id: 3 })).toMatchObject({ site_id: "3", site_name: null, category_id: null });
    expect(NewbookOccupancyCategory.parse({ category_id: "2" })).toMatchObject({ category_id: "2", occupancy: {} });
    const day = NewbookOccupancyCategory.parse({ category_id: "2", occupancy: { "2026-01-22": { available: "5", occupied: 3 } } }).occupancy["2026-01-22"];
    expect(day).toMatchObject({ available: 5, occupied: 3, maintenance: 0 });
  });
});
