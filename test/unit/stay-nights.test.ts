import type { DateRange } from "../../src/domain/dates";
import { describe, expect, it } from "vitest";
import { DEFAULT_MEAL_RULES, type MealRules } from "../../src/domain/meal-rules";
import { expandBookingsToNights, isDroppedStatus, leadGuest, pax, type RoomNight } from "../../src/domain/stay-nights";
import type { NewbookBooking } from "../../src/newbook/schemas";
import { wireBooking as booking, wireGuest, wireItem, wireTariff } from "./newbook-wire";

const RANGE: DateRange = { from: "2026-01-22", to: "2026-01-25" };
const NO_GL = new Map<string, string>();

function expand(bookings: NewbookBooking[], range: DateRange = RANGE, rules: MealRules = DEFAULT_MEAL_RULES, glCodeById = NO_GL) {
  return expandBookingsToNights(bookings, range, rules, glCodeById);
}

const nightsOf = (nights: RoomNight[]) => nights.map((night) => `${night.night} ${night.bookingId}`);

describe("isDroppedStatus", () => {
  it.each(["Cancelled", "CANCELLED", "cancelled ", "Canceled", "No Show", "No-Show", "no_show", "NOSHOW", "Quote", "Waitlist", "Wait List", "Owner Occupied", "owner-occupied"])(
    "drops %j",
    (status) => {
      expect(isDroppedStatus(status)).toBe(true);
    },
  );

  it.each(["Confirmed", "Unconfirmed", "Arrived", "Departed", "arrived", null, ""])("keeps %j", (status) => {
    expect(isDroppedStatus(status)).toBe(false);
  });
});

describe("leadGuest", () => {
  it("prefers the primary client wherever it is listed", () => {
    const stay = booking({
      guests: [
        wireGuest({ guest_id: "1", firstname: "Bob", lastname: "Brown", primary_client: "0" }),
        wireGuest({ guest_id: "2", firstname: "Cara", lastname: "Cole", primary_client: 1 }),
      ],
    });
    expect(leadGuest(stay)).toEqual({ firstName: "Cara", lastName: "Cole", email: null, phone: null });
  });

  it("reads the lead's email and phone from the contact details, a mobile before a landline", () => {
    const stay = booking({
      guests: [
        wireGuest({
          guest_id: "2",
          firstname: "Cara",
          lastname: "Cole",
          primary_client: "1",
          contact_details: [
            { type: "phone", content: "01632 960000" },
            { type: "Email", content: "cara@example.com" },
            { type: "mobile", content: "07700 900123" },
            "not a contact detail",
          ],
        }),
      ],
    });
    expect(leadGuest(stay)).toEqual({ firstName: "Cara", lastName: "Cole", email: "cara@example.com", phone: "07700 900123" });
  });

  it("falls back to the first guest, then to nobody", () => {
    const noPrimary = booking({
      guests: [
        wireGuest({ guest_id: "1", firstname: "Bob", lastname: null, primary_client: "0" }),
        wireGuest({ guest_id: "2", firstname: "Cara", lastname: "Cole", primary_client: null }),
      ],
    });
    expect(leadGuest(noPrimary)).toEqual({ firstName: "Bob", lastName: null, email: null, phone: null });
    expect(leadGuest(booking({ guests: [] }))).toBeNull();
    expect(leadGuest(booking({ guests: undefined }))).toBeNull();
  });
});

describe("pax", () => {
  it("reads the counts Newbook sends as text", () => {
    expect(pax(booking({ booking_adults: "3", booking_children: "2", booking_infants: "1" }))).toEqual({ adults: 3, children: 2, infants: 1 });
    expect(pax(booking({ booking_adults: 1, booking_children: "", booking_infants: null }))).toEqual({ adults: 1, children: 0, infants: 0 });
  });
});

describe("expandBookingsToNights", () => {
  it("makes one room night per night from arrival up to, not including, departure", () => {
    const result = expand([booking()]);
    expect(result.nights).toEqual([
      {
        night: "2026-01-22",
        bookingId: "1001",
        siteId: "12",
        roomName: "108",
        categoryId: "3",
        categoryName: "Double",
        groupId: null,
        leadFirstName: "Ada",
        leadLastName: "Lovelace",
        adults: 2,
        children: 1,
        infants: 0,
        dinner: false,
        breakfast: false,
        package: false,
        arrival: "2026-01-22",
        departure: "2026-01-24",
        status: "Confirmed",
        referenceId: "BDC-555",
        leadEmail: null,
        leadPhone: null,
      },
      expect.objectContaining({ night: "2026-01-23", bookingId: "1001" }),
    ]);
    expect(result.stays).toEqual([
      { bookingId: "1001", arrival: "2026-01-22", departure: "2026-01-24", siteId: "12", categoryId: "3", adults: 2, children: 1, infants: 0 },
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.dropped).toBe(0);
  });

  it("clips a stay crossing both ends of the range but keeps its real dates", () => {
    const long = booking({ booking_arrival: "2026-01-18 15:00:00", booking_departure: "2026-02-02 10:00:00" });
    const result = expand([long]);
    expect(result.nights.map((night) => night.night)).toEqual(["2026-01-22", "2026-01-23", "2026-01-24", "2026-01-25"]);
    expect(new Set(result.nights.map((night) => `${night.arrival}..${night.departure}`))).toEqual(new Set(["2026-01-18..2026-02-02"]));
    expect(result.stays).toEqual([expect.objectContaining({ arrival: "2026-01-18", departure: "2026-02-02" })]);
  });

  it("keeps as a stay a booking that departs on the range's first day, with no night inside", () => {
    const leaving = booking({ booking_id: "7", booking_arrival: "2026-01-20", booking_departure: "2026-01-22" });
    const arrivingLater = booking({ booking_id: "8", booking_arrival: "2026-01-26", booking_departure: "2026-01-28" });
    const result = expand([leaving, arrivingLater]);
    expect(result.nights).toEqual([]);
    expect(result.stays.map((stay) => [stay.bookingId, stay.arrival, stay.departure])).toEqual([
      ["7", "2026-01-20", "2026-01-22"],
      ["8", "2026-01-26", "2026-01-28"],
    ]);
  });

  it("handles a same-day turnover in one room", () => {
    const leaving = booking({ booking_id: "2001", booking_arrival: "2026-01-21 15:00:00", booking_departure: "2026-01-23 10:00:00" });
    const arriving = booking({ booking_id: "2002", booking_arrival: "2026-01-23 15:00:00", booking_departure: "2026-01-25 10:00:00" });
    const result = expand([arriving, leaving]);
    expect(nightsOf(result.nights)).toEqual(["2026-01-22 2001", "2026-01-23 2002", "2026-01-24 2002"]);
    expect(result.nights.every((night) => night.roomName === "108")).toBe(true);
  });

  it("flags dinner only on the nights that include it", () => {
    const stay = booking({
      booking_arrival: "2026-01-22",
      booking_departure: "2026-01-25",
      inventory_items: [
        wireItem({ stay_date: "2026-01-22 00:00:00", description: "Dinner Allocation" }),
        wireItem({ stay_date: "2026-01-24 00:00:00", description: "Dinner Allocation" }),
      ],
      tariffs_quoted: [
        wireTariff({ stay_date: "2026-01-22", label: "Bed & Breakfast" }),
        wireTariff({ stay_date: "2026-01-23", label: "Room Only" }),
        wireTariff({ stay_date: "2026-01-24", label: "Bed & Breakfast" }),
      ],
    });
    const flags = expand([stay]).nights.map((night) => [night.night, night.dinner, night.breakfast]);
    expect(flags).toEqual([
      ["2026-01-22", true, true],
      ["2026-01-23", false, false],
      ["2026-01-24", true, true],
    ]);
  });

  it("uses the kitchen's rules and GL accounts", () => {
    const stay = booking({ inventory_items: [wireItem({ stay_date: "2026-01-23", description: "F&B credit", gl_account_id: "88" })] });
    const rules = { ...DEFAULT_MEAL_RULES, packageGlCodes: ["PKG-1"] };
    const result = expand([stay], RANGE, rules, new Map([["88", "PKG-1"]]));
    expect(result.nights.map((night) => [night.night, night.package])).toEqual([
      ["2026-01-22", false],
      ["2026-01-23", true],
    ]);
  });

  it("keeps an unallocated booking, without a room", () => {
    const unallocated = booking({ site_id: "0", site_name: "", category_id: "3" });
    const result = expand([unallocated]);
    expect(result.nights.map((night) => [night.siteId, night.roomName, night.categoryId])).toEqual([
      [null, null, "3"],
      [null, null, "3"],
    ]);
    expect(result.stays[0]?.siteId).toBeNull();
  });

  it("carries the group id", () => {
    expect(expand([booking({ bookings_group_id: 4412 })]).nights[0]?.groupId).toBe("4412");
  });

  it("drops cancelled and similar bookings whatever their spelling, and counts them", () => {
    const bookings = ["CANCELLED", "cancelled ", "No-Show", "Quote", "Arrived", "Departed", null].map((status, index) =>
      booking({ booking_id: String(index + 1), booking_status: status }),
    );
    const result = expand(bookings);
    expect(result.dropped).toBe(4);
    expect(result.warnings).toEqual([]);
    expect([...new Set(result.nights.map((night) => night.bookingId))]).toEqual(["5", "6", "7"]);
    expect(result.stays.map((stay) => stay.bookingId)).toEqual(["5", "6", "7"]);
  });

  it("skips a booking with missing, unreadable or backwards dates, with a warning, and goes on", () => {
    const result = expand([
      booking({ booking_id: "1", booking_arrival: undefined }),
      booking({ booking_id: "2", booking_departure: "0000-00-00 00:00:00" }),
      booking({ booking_id: "3", booking_arrival: "2026-01-23 14:00:00", booking_departure: "2026-01-23 18:00:00" }),
      booking({ booking_id: "4", booking_arrival: "2026-01-24", booking_departure: "2026-01-22" }),
      booking({ booking_id: "5", booking_arrival: "2026-02-30 14:00:00" }),
      booking({ booking_id: "6" }),
    ]);
    expect(result.warnings).toEqual([
      { bookingId: "1", reason: "arrival (missing) is not a date" },
      { bookingId: "2", reason: 'departure "0000-00-00 00:00:00" is not a date' },
      { bookingId: "3", reason: "departure 2026-01-23 is not after arrival 2026-01-23" },
      { bookingId: "4", reason: "departure 2026-01-22 is not after arrival 2026-01-24" },
      { bookingId: "5", reason: 'arrival "2026-02-30 14:00:00" is not a date' },
    ]);
    expect(result.stays.map((stay) => stay.bookingId)).toEqual(["6"]);
    expect(nightsOf(result.nights)).toEqual(["2026-01-22 6", "2026-01-23 6"]);
    expect(result.dropped).toBe(0);
  });

  it("counts a booking listed twice once, the last copy winning", () => {
    const first = booking({ booking_id: "1001", site_name: "108", booking_departure: "2026-01-23" });
    const other = booking({ booking_id: "1002", site_name: "109" });
    const moved = booking({ booking_id: 1001, site_name: "110" });
    const result = expand([first, other, moved]);
    expect(result.nights.map((night) => `${night.night} ${night.bookingId} ${night.roomName}`)).toEqual([
      "2026-01-22 1001 110",
      "2026-01-22 1002 109",
      "2026-01-23 1001 110",
      "2026-01-23 1002 109",
    ]);
    expect(result.stays.map((stay) => stay.bookingId)).toEqual(["1001", "1002"]);
  });

  it("drops a booking whose last copy is cancelled", () => {
    const result = expand([booking(), booking({ booking_status: "Cancelled" })]);
    expect(result.nights).toEqual([]);
    expect(result.stays).toEqual([]);
    expect(result.dropped).toBe(1);
  });

  it("sorts by night, then booking id in numeric order", () => {
    const result = expand([booking({ booking_id: "900" }), booking({ booking_id: "1000" }), booking({ booking_id: "95", booking_arrival: "2026-01-23" })]);
    expect(nightsOf(result.nights)).toEqual(["2026-01-22 900", "2026-01-22 1000", "2026-01-23 95", "2026-01-23 900", "2026-01-23 1000"]);
    expect(result.stays.map((stay) => stay.bookingId)).toEqual(["95", "900", "1000"]);
  });

  it("gives nothing for an empty list", () => {
    expect(expand([])).toEqual({ nights: [], stays: [], warnings: [], dropped: 0 });
  });
});
