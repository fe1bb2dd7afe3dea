// Who sleeps in the hotel each night, read from the Newbook simulator's own state for the
// same seed, so a resident's table can name a real booking id, reference, group and room.
// Only stays that hold a guest room count: staff and owner rooms do not book the restaurant.
import { nightsOf, planFor, type SimBooking, type SimGuest } from "../../newbook/simulator/booking";
import type { SimulatorState } from "../../newbook/simulator/state";

export interface Resident {
  stay: SimBooking;
  roomName: string;
  lead: SimGuest;
  /** Dinner is part of the plan this night (DBB, the seasonal saver, a spa package's first night). */
  dinnerIncluded: boolean;
  /** Who sits at the table: adults and children; infants do not take a seat. */
  diners: number;
}

export interface ResidentGroup {
  groupId: number;
  /** In booking-id order: the first is the group's lead. */
  members: Resident[];
}

export interface ResidentNight {
  /** Stays of no group, in booking-id order. */
  singles: Resident[];
  groups: ResidentGroup[];
}

/** Every night from fromDay to toDay (both included) that has residents. */
export function residentsByNight(hotel: SimulatorState, fromDay: number, toDay: number): Map<number, ResidentNight> {
  const nights = new Map<number, ResidentNight>();
  // Newbook's list is in booking-id order, so every list built here is too.
  for (const stay of hotel.bookings) {
    const site = stay.siteId === null ? undefined : hotel.hotel.sitesById.get(stay.siteId);
    const lead = stay.guests.find((guest) => guest.primary) ?? stay.guests[0];
    if (stay.kind !== "booked" || !site || site.category.kind !== "guest" || !lead) continue;
    if (stay.departureDay <= fromDay || stay.arrivalDay > toDay) continue;
    for (const day of nightsOf(stay)) {
      if (day < fromDay || day > toDay) continue;
      const resident: Resident = { stay, roomName: site.name, lead, dinnerIncluded: includesDinner(stay, day), diners: Math.max(1, stay.adults + stay.children) };
      const night = nights.get(day) ?? { singles: [], groups: [] };
      nights.set(day, night);
      if (stay.groupId === null) night.singles.push(resident);
      else groupOf(night, stay.groupId).members.push(resident);
    }
  }
  return nights;
}

function groupOf(night: ResidentNight, groupId: number): ResidentGroup {
  let group = night.groups.find((candidate) => candidate.groupId === groupId);
  if (!group) {
    group = { groupId, members: [] };
    night.groups.push(group);
  }
  return group;
}

function includesDinner(stay: SimBooking, day: number): boolean {
  const plan = planFor(stay, day);
  return plan === "dinner_bed_breakfast" || plan === "seasonal_saver" || (plan === "spa_package" && day === stay.arrivalDay);
}
