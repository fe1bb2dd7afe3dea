// The simulator's own record of a booking. Wire records are rendered from it on each
// request (booking-record.ts), so a status that depends on "today" or a change made
// through the control endpoints always shows up consistently in every list and report.

/** What the guest gets on one night; see meal-plans.ts for the wire form. */
export type NightPlan =
  | "room_only"
  | "bed_breakfast"
  | "dinner_bed_breakfast"
  /** Dinner included, but neither the rate name nor the item says "dinner": only its GL account does. */
  | "seasonal_saver"
  /** Breakfast every night; the treatment and dinner on the first night only. */
  | "spa_package"
  | "staff"
  | "owner";

/** The stored lifecycle; Confirmed/Arrived/Departed are derived from the dates and today. */
export type BookingKind = "booked" | "cancelled" | "no_show" | "quote" | "owner_occupied";

export interface SimGuest {
  id: number;
  firstname: string;
  lastname: string;
  primary: boolean;
  email: string | null;
  mobile: string | null;
}

export interface SimBooking {
  id: number;
  referenceId: string;
  groupId: number | null;
  arrivalDay: number;
  /** The morning the guest leaves: nights are arrivalDay .. departureDay - 1. */
  departureDay: number;
  siteId: number | null;
  kind: BookingKind;
  /** Only for future "booked" stays: Confirmed or Unconfirmed. */
  confirmed: boolean;
  adults: number;
  children: number;
  infants: number;
  guests: SimGuest[];
  /** Keyed by night (day number). */
  nightPlans: Map<number, NightPlan>;
  /** The plan a night gets when a change lengthens the stay. */
  defaultPlan: NightPlan;
  /** Room price per night as quoted when booked; moving rooms keeps the quote. */
  roomRate: number;
  /** Group rate: charged 10% under the calculated amount. */
  discounted: boolean;
  placed: string;
  modified: string;
  cancelled: string | null;
  notes: string[];
}

/** A booking in these states keeps its room from being sold to anyone else. */
export function holdsRoom(booking: SimBooking): boolean {
  return booking.kind === "booked" || booking.kind === "owner_occupied";
}

export function nightsOf(booking: Pick<SimBooking, "arrivalDay" | "departureDay">): number[] {
  const nights: number[] = [];
  for (let day = booking.arrivalDay; day < booking.departureDay; day++) nights.push(day);
  return nights;
}

/**
 * Newbook's status words. The simulator's "now" is the start of the hotel's today: a guest
 * arriving today has not checked in yet, one leaving today is still in house.
 */
export function bookingStatus(booking: SimBooking, todayDay: number): string {
  switch (booking.kind) {
    case "cancelled":
      return "Cancelled";
    case "no_show":
      return "No Show";
    case "quote":
      return "Quote";
    case "owner_occupied":
      return "Owner Occupied";
    case "booked":
      if (booking.departureDay < todayDay) return "Departed";
      if (booking.arrivalDay < todayDay) return "Arrived";
      return booking.confirmed ? "Confirmed" : "Unconfirmed";
  }
}

/** Statuses Newbook's `staying` list leaves out (compared case-insensitively by clients). */
const NOT_STAYING = new Set(["Cancelled", "No Show", "Quote", "Waitlist", "Owner Occupied"]);

export function countsAsStaying(status: string): boolean {
  return !NOT_STAYING.has(status);
}

/** Check-in and check-out times, fixed per booking so every render agrees. */
export function checkInTime(booking: SimBooking): string {
  return clockTime(14 * 60 + (booking.id % 360));
}

export function checkOutTime(booking: SimBooking): string {
  return clockTime(7 * 60 + 30 + (booking.id % 180));
}

function clockTime(minutesIntoDay: number): string {
  return `${String(Math.floor(minutesIntoDay / 60)).padStart(2, "0")}:${String(minutesIntoDay % 60).padStart(2, "0")}:00`;
}

export function planFor(booking: SimBooking, night: number): NightPlan {
  return booking.nightPlans.get(night) ?? booking.defaultPlan;
}
