// Bookings become room nights: one row per booking per night it sleeps in the hotel, the
// unit the kitchen chart shows and the daily totals count.
import type { NewbookBooking } from "../newbook/schemas";
import { addDays, datePart, eachDate, type DateRange } from "./dates";
import { detectNightMeals, type MealRules } from "./meal-rules";

export interface RoomNight {
  night: string;
  bookingId: string;
  siteId: string | null;
  roomName: string | null;
  categoryId: string | null;
  categoryName: string | null;
  groupId: string | null;
  leadFirstName: string | null;
  leadLastName: string | null;
  adults: number;
  children: number;
  infants: number;
  dinner: boolean;
  breakfast: boolean;
  package: boolean;
  /** The booking's real arrival and departure dates, even when the range clips its nights. */
  arrival: string;
  departure: string;
  status: string | null;
  /** The OTA or agent's reference (booking_reference_id). */
  referenceId: string | null;
  leadEmail: string | null;
  leadPhone: string | null;
}

/** A booking left out for bad data, with a reason an admin can act on. */
export interface StayWarning {
  bookingId: string;
  reason: string;
}

/** A kept booking with readable dates, for arrival and departure counts even when none of its nights falls in the range. */
export interface Stay {
  bookingId: string;
  arrival: string;
  departure: string;
  siteId: string | null;
  categoryId: string | null;
  adults: number;
  children: number;
  infants: number;
}

// Compared with case and separators removed: "No Show", "no-show" and "NO_SHOW" are one status.
const DROPPED_STATUSES = new Set(["cancelled", "canceled", "noshow", "quote", "waitlist", "owneroccupied"]);

/** Statuses that occupy no room. Newbook's "staying" list should leave them out already; this is the second check. */
export function isDroppedStatus(status: string | null): boolean {
  return status !== null && DROPPED_STATUSES.has(status.toLowerCase().replace(/[^a-z]/g, ""));
}

export interface LeadGuest {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** A mobile number first, else any phone. */
  phone: string | null;
}

/** The guest marked as primary client, else the first guest listed. */
export function leadGuest(booking: NewbookBooking): LeadGuest | null {
  const guest = booking.guests.find((candidate) => candidate.primary_client) ?? booking.guests[0];
  if (guest === undefined) return null;
  const contact = (...types: string[]) =>
    types.map((type) => guest.contact_details.find((detail) => detail.type?.toLowerCase() === type)?.content ?? null).find((value) => value !== null) ?? null;
  return { firstName: guest.firstname, lastName: guest.lastname, email: contact("email"), phone: contact("mobile", "phone") };
}

export function pax(booking: NewbookBooking): { adults: number; children: number; infants: number } {
  return { adults: booking.booking_adults, children: booking.booking_children, infants: booking.booking_infants };
}

// Newbook booking ids are integers sent as text; shorter-then-textual puts them in
// numeric order without parsing, and stays deterministic for anything else.
function compareBookingIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function readStayDates(booking: NewbookBooking): { arrival: string; departure: string } | { problem: string } {
  const arrival = datePart(booking.booking_arrival);
  const departure = datePart(booking.booking_departure);
  if (arrival === null) return { problem: `arrival ${describe(booking.booking_arrival)} is not a date` };
  if (departure === null) return { problem: `departure ${describe(booking.booking_departure)} is not a date` };
  if (departure <= arrival) return { problem: `departure ${departure} is not after arrival ${arrival}` };
  return { arrival, departure };
}

function describe(value: string | null): string {
  return value === null ? "(missing)" : JSON.stringify(value);
}

/**
 * Expands bookings into the room nights that fall in `range`. A booking listed twice
 * (pages can shift while a list is read) counts once, its last copy winning. Cancelled
 * and similar bookings are dropped and counted; a booking whose dates cannot be read is
 * skipped with a warning, so one bad row never stops a sync. Nights run from arrival up
 * to, not including, departure, and come sorted by night, then booking id.
 */
export function expandBookingsToNights(
  bookings: NewbookBooking[],
  range: DateRange,
  rules: MealRules,
  glCodeById: ReadonlyMap<string, string>,
): { nights: RoomNight[]; stays: Stay[]; warnings: StayWarning[]; dropped: number } {
  const latestById = new Map(bookings.map((booking) => [booking.booking_id, booking]));
  const nights: RoomNight[] = [];
  const stays: Stay[] = [];
  const warnings: StayWarning[] = [];
  let dropped = 0;

  for (const booking of latestById.values()) {
    if (isDroppedStatus(booking.booking_status)) {
      dropped++;
      continue;
    }
    const dates = readStayDates(booking);
    if ("problem" in dates) {
      warnings.push({ bookingId: booking.booking_id, reason: dates.problem });
      continue;
    }
    const people = pax(booking);
    stays.push({ bookingId: booking.booking_id, ...dates, siteId: booking.site_id, categoryId: booking.category_id, ...people });

    const lead = leadGuest(booking);
    const lastNight = addDays(dates.departure, -1);
    const first = dates.arrival > range.from ? dates.arrival : range.from;
    const last = lastNight < range.to ? lastNight : range.to;
    for (const night of eachDate(first, last)) {
      nights.push({
        night,
        bookingId: booking.booking_id,
        siteId: booking.site_id,
        roomName: booking.site_name,
        categoryId: booking.category_id,
        categoryName: booking.category_name,
        groupId: booking.bookings_group_id,
        leadFirstName: lead?.firstName ?? null,
        leadLastName: lead?.lastName ?? null,
        ...people,
        ...detectNightMeals(booking, night, rules, glCodeById),
        ...dates,
        status: booking.booking_status,
        referenceId: booking.booking_reference_id,
        leadEmail: lead?.email ?? null,
        leadPhone: lead?.phone ?? null,
      });
    }
  }

  nights.sort((a, b) => (a.night < b.night ? -1 : a.night > b.night ? 1 : compareBookingIds(a.bookingId, b.bookingId)));
  stays.sort((a, b) => compareBookingIds(a.bookingId, b.bookingId));
  return { nights, stays, warnings, dropped };
}
