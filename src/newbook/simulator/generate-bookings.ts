// Fills the hotel with a believable booking history and forward book around "today":
// ~70-85% occupancy, same-day turnovers, groups, a few unallocated, cancelled, no-show and
// quote bookings, staff and owner stays, and one guest with markup in the name.
// Every choice comes from the seeded PRNG in a fixed order, so seed + rooms + today
// always give the same bookings.
import { type BookingKind, checkInTime, checkOutTime, type NightPlan, nightsOf, type SimBooking, type SimGuest } from "./booking";
import { dateOf, timestamp } from "./calendar";
import { adultName, childFirstName, exampleEmail, exampleMobile, type GuestName, staffName } from "./guest-names";
import { CATEGORIES, type Category, type Hotel, type Site } from "./hotel";
import type { Random } from "./random";

/** Stays are generated for nights from today - HISTORY_DAYS to today + FUTURE_DAYS. */
const HISTORY_DAYS = 60;
const FUTURE_DAYS = 120;
/** Walks start this much earlier, so stays already running at the window's start exist. */
const LONGEST_STAY = 14;

const FIRST_BOOKING_ID = 100_001;
const FIRST_GUEST_ID = 500_001;
const FIRST_GROUP_ID = 7_001;

/** The one hostile name: pages must show it as text, never run it. */
const MARKUP_GUEST: GuestName = { firstname: "Bobby", lastname: '<script>alert("x")</script>' };

type Purpose = "guest" | "group" | "unallocated" | "staff" | "owner";

interface StayDraft {
  site: Site | null;
  /** Sets the party size and price; an unallocated booking still has a booked room type. */
  rateCategory: Category;
  arrivalDay: number;
  departureDay: number;
  purpose: Purpose;
  groupId: number | null;
  groupPlan: NightPlan | null;
}

interface Interval {
  from: number;
  to: number;
}

interface StayShape {
  gap(random: Random): number;
  length(random: Random): number;
}

// Mean stay ~3.5 nights, mean gap ~1 night (often zero: same-day turnover) -> ~78% occupied.
const GUEST_GAPS = [[0, 45], [1, 30], [2, 15], [3, 5], [4, 3], [5, 2]] as const;
const GUEST_LENGTHS = [[1, 20], [2, 25], [3, 20], [4, 10], [5, 7], [6, 5], [7, 7], [8, 1], [9, 1], [10, 1], [11, 1], [12, 0.5], [13, 0.5], [14, 1]] as const;
const STAFF_GAPS = [[0, 30], [1, 20], [3, 20], [7, 30]] as const;

const GUEST_STAYS: StayShape = {
  gap: (random) => random.weighted(GUEST_GAPS),
  length: (random) => random.weighted(GUEST_LENGTHS),
};
const STAFF_STAYS: StayShape = {
  gap: (random) => random.weighted(STAFF_GAPS),
  length: (random) => random.int(7, LONGEST_STAY),
};
const OWNER_STAYS: StayShape = {
  gap: (random) => random.int(4, 21),
  length: (random) => random.int(2, 7),
};

const GUEST_PLANS: readonly (readonly [NightPlan | "some_dinners", number])[] = [
  ["room_only", 18],
  ["bed_breakfast", 42],
  ["dinner_bed_breakfast", 20],
  ["some_dinners", 8],
  ["seasonal_saver", 5],
  ["spa_package", 7],
];

const DIETARY_NOTES = [
  "Nut allergy (severe) - please inform the kitchen",
  "Vegetarian",
  "Coeliac - gluten free please",
  "Vegan",
  "Lactose intolerant",
  "Celebrating an anniversary - cake on the first night",
];

export interface GeneratedBookings {
  bookings: SimBooking[];
  nextBookingId: number;
  nextGuestId: number;
}

export function generateBookings(hotel: Hotel, todayDay: number, random: Random): GeneratedBookings {
  const reserved = new Map<number, Interval[]>(hotel.sites.map((site) => [site.id, []]));
  for (const block of hotel.maintenance) reserved.get(block.siteId)?.push({ from: block.fromDay, to: block.toDay });

  const drafts = [...groupStays(hotel, todayDay, reserved, random)];
  for (const site of hotel.sites) drafts.push(...walkSite(site, reserved.get(site.id) ?? [], todayDay, random));
  drafts.push(...unallocatedStays(hotel, todayDay, random));

  const bookings: SimBooking[] = [];
  for (const draft of drafts) {
    bookings.push(bookingFromDraft(draft, kindFor(draft, todayDay, random), todayDay, random));
    // Someone else's cancelled booking for the same room and nights: Newbook keeps it,
    // and a client must not count it.
    if (draft.purpose === "guest" && random.chance(0.07)) bookings.push(bookingFromDraft(draft, "cancelled", todayDay, random));
  }

  // Newbook numbers bookings as they are placed.
  bookings.sort((a, b) => (a.placed < b.placed ? -1 : a.placed > b.placed ? 1 : a.arrivalDay - b.arrivalDay));
  let nextGuestId = FIRST_GUEST_ID;
  bookings.forEach((booking, index) => {
    booking.id = FIRST_BOOKING_ID + index;
    for (const guest of booking.guests) guest.id = nextGuestId++;
    booking.modified = lastChange(booking, todayDay);
  });
  plantMarkupGuest(bookings, hotel, todayDay);
  return { bookings, nextBookingId: FIRST_BOOKING_ID + bookings.length, nextGuestId };
}

function isFree(intervals: readonly Interval[], from: number, to: number): boolean {
  return intervals.every((interval) => interval.to <= from || interval.from >= to);
}

/** Wedding parties and tours: several rooms, same dates, one bookings_group_id. */
function groupStays(hotel: Hotel, todayDay: number, reserved: Map<number, Interval[]>, random: Random): StayDraft[] {
  const guestSites = hotel.sites.filter((site) => site.category.kind === "guest");
  const groups = guestSites.length >= 4 ? Math.max(1, Math.round(guestSites.length / 30)) : 0;
  const drafts: StayDraft[] = [];
  for (let index = 0; index < groups; index++) {
    // The first group is in house tonight, so the demo always shows one.
    const arrivalDay = index === 0 ? todayDay - random.int(0, 1) : todayDay + random.int(-50, 100);
    const departureDay = arrivalDay + random.int(2, 4);
    const size = Math.min(guestSites.length, random.int(3, 8));
    const start = random.int(0, guestSites.length - 1);
    const chosen: Site[] = [];
    for (let step = 0; step < guestSites.length && chosen.length < size; step++) {
      const site = guestSites[(start + step) % guestSites.length]!;
      if (isFree(reserved.get(site.id) ?? [], arrivalDay, departureDay)) chosen.push(site);
    }
    if (chosen.length < 2) continue;
    const groupPlan: NightPlan = index === 0 ? "dinner_bed_breakfast" : random.pick(["dinner_bed_breakfast", "bed_breakfast"] as const);
    for (const site of chosen) {
      reserved.get(site.id)?.push({ from: arrivalDay, to: departureDay });
      drafts.push({ site, rateCategory: site.category, arrivalDay, departureDay, purpose: "group", groupId: FIRST_GROUP_ID + index, groupPlan });
    }
  }
  return drafts;
}

/** One room's stays, back to back with short gaps, flowing around reserved nights. */
function walkSite(site: Site, reservedNights: Interval[], todayDay: number, random: Random): StayDraft[] {
  const purpose: Purpose = site.category.kind === "guest" ? "guest" : site.category.kind;
  const shape = purpose === "staff" ? STAFF_STAYS : purpose === "owner" ? OWNER_STAYS : GUEST_STAYS;
  const blocked = [...reservedNights].sort((a, b) => a.from - b.from);
  const endDay = todayDay + FUTURE_DAYS;
  const drafts: StayDraft[] = [];
  let cursor = todayDay - HISTORY_DAYS - LONGEST_STAY + random.int(0, 3);
  let next = 0;
  for (;;) {
    cursor += shape.gap(random);
    while (next < blocked.length && blocked[next]!.to <= cursor) next++;
    const block = blocked[next];
    if (block && block.from <= cursor) {
      cursor = block.to;
      continue;
    }
    if (cursor >= endDay) break;
    const length = Math.min(shape.length(random), block ? block.from - cursor : Infinity);
    drafts.push({ site, rateCategory: site.category, arrivalDay: cursor, departureDay: cursor + length, purpose, groupId: null, groupPlan: null });
    cursor += length;
  }
  return drafts;
}

/** Sold, but not yet given a room: the first arrives today. */
function unallocatedStays(hotel: Hotel, todayDay: number, random: Random): StayDraft[] {
  const roomTypes = hotel.categories.filter((category) => category.kind === "guest");
  const count = Math.max(1, Math.round(hotel.sites.length / 60));
  const drafts: StayDraft[] = [];
  for (let index = 0; index < count; index++) {
    const arrivalDay = index === 0 ? todayDay : todayDay + random.int(1, 30);
    drafts.push({
      site: null,
      rateCategory: random.pick(roomTypes),
      arrivalDay,
      departureDay: arrivalDay + random.int(1, 4),
      purpose: "unallocated",
      groupId: null,
      groupPlan: null,
    });
  }
  return drafts;
}

function kindFor(draft: StayDraft, todayDay: number, random: Random): BookingKind {
  if (draft.purpose === "owner") return "owner_occupied";
  if (draft.purpose !== "guest") return "booked";
  if (random.chance(0.02)) return draft.arrivalDay < todayDay ? "no_show" : "quote";
  return "booked";
}

function bookingFromDraft(draft: StayDraft, kind: BookingKind, todayDay: number, random: Random): SimBooking {
  const party = partyFor(draft, random);
  const { plans, defaultPlan } = planStay(draft, random);
  const placedDay = placedDayFor(draft.arrivalDay, todayDay, random);
  const placedSeconds = random.int(7 * 3600, 23 * 3600);
  const placed = timestamp(placedDay, placedSeconds);
  let cancelled: string | null = null;
  if (kind === "cancelled") {
    const cancelDay = random.int(placedDay, Math.min(draft.arrivalDay, todayDay - 1));
    cancelled = timestamp(cancelDay, cancelDay === placedDay ? random.int(placedSeconds + 60, 86_399) : random.int(7 * 3600, 23 * 3600));
  }
  return {
    // Numbered once every booking is placed in time order.
    id: 0,
    referenceId: draft.purpose === "staff" || draft.purpose === "owner" ? "" : referenceFor(random),
    groupId: draft.groupId,
    arrivalDay: draft.arrivalDay,
    departureDay: draft.departureDay,
    siteId: draft.site?.id ?? null,
    kind,
    confirmed: draft.purpose !== "guest" || draft.arrivalDay < todayDay || random.chance(0.88),
    ...party,
    guests: guestsFor(draft.purpose, party.adults, party.children, random),
    nightPlans: plans,
    defaultPlan,
    roomRate: Math.round(draft.rateCategory.baseRate * random.pick([0.9, 1, 1, 1, 1.1])),
    discounted: draft.groupId !== null,
    placed,
    modified: placed,
    cancelled,
    notes: draft.purpose !== "staff" && random.chance(0.1) ? [random.pick(DIETARY_NOTES)] : [],
  };
}

/** Booked days to months ahead, always before the start of today. */
function placedDayFor(arrivalDay: number, todayDay: number, random: Random): number {
  const [shortest, longest] = random.weighted([
    [[0, 3], 15],
    [[4, 30], 40],
    [[31, 120], 45],
  ] as const);
  const lead = random.int(shortest, longest);
  const placedDay = arrivalDay - lead;
  return placedDay < todayDay ? placedDay : todayDay - 1 - random.int(0, 13);
}

function partyFor(draft: StayDraft, random: Random): { adults: number; children: number; infants: number } {
  switch (draft.rateCategory.id) {
    case CATEGORIES.family.id:
      return { adults: 2, children: random.int(1, 3), infants: random.chance(0.2) ? 1 : 0 };
    case CATEGORIES.garden.id:
      return { adults: 2, children: random.chance(0.3) ? random.int(1, 2) : 0, infants: random.chance(0.1) ? 1 : 0 };
    case CATEGORIES.suite.id:
      return { adults: 2, children: random.chance(0.2) ? 1 : 0, infants: 0 };
    case CATEGORIES.staff.id:
      return { adults: 1, children: 0, infants: 0 };
    default:
      return { adults: random.chance(0.2) ? 1 : 2, children: 0, infants: 0 };
  }
}

function planStay(draft: StayDraft, random: Random): { plans: Map<number, NightPlan>; defaultPlan: NightPlan } {
  if (draft.groupPlan) return { plans: new Map(), defaultPlan: draft.groupPlan };
  if (draft.purpose === "staff") return { plans: new Map(), defaultPlan: "staff" };
  if (draft.purpose === "owner") return { plans: new Map(), defaultPlan: "owner" };
  const choice = random.weighted(GUEST_PLANS);
  if (choice !== "some_dinners") return { plans: new Map(), defaultPlan: choice };
  // Bed & breakfast with dinner booked on some nights only.
  const nights = nightsOf(draft);
  const dinners = nights.filter(() => random.chance(0.5));
  if (dinners.length === 0) dinners.push(random.pick(nights));
  if (dinners.length === nights.length && nights.length > 1) dinners.splice(random.int(0, dinners.length - 1), 1);
  return { plans: new Map(dinners.map((night) => [night, "dinner_bed_breakfast"])), defaultPlan: "bed_breakfast" };
}

function referenceFor(random: Random): string {
  const digits = (count: number) => Array.from({ length: count }, () => random.int(0, 9)).join("");
  switch (random.weighted([["direct", 40], ["booking.com", 35], ["expedia", 15], ["agent", 10]] as const)) {
    case "direct":
      return "";
    case "booking.com":
      return `BDC-${digits(10)}`;
    case "expedia":
      return `EXP-${digits(9)}`;
    case "agent":
      return `AGT-${digits(6)}`;
  }
}

function guestsFor(purpose: Purpose, adults: number, children: number, random: Random): SimGuest[] {
  const lead = purpose === "staff" ? staffName(random) : adultName(random);
  const guests: SimGuest[] = [
    { id: 0, ...lead, primary: true, email: exampleEmail(lead), mobile: random.chance(0.6) ? exampleMobile(random) : null },
  ];
  // Front desks often record only the lead guest; about half the companions are named.
  for (let index = 1; index < adults; index++) {
    if (!random.chance(0.5)) continue;
    const companion = adultName(random);
    const lastname = random.chance(0.6) ? lead.lastname : companion.lastname;
    guests.push({ id: 0, firstname: companion.firstname, lastname, primary: false, email: null, mobile: null });
  }
  for (let index = 0; index < children; index++) {
    if (random.chance(0.4)) guests.push({ id: 0, firstname: childFirstName(random), lastname: lead.lastname, primary: false, email: null, mobile: null });
  }
  return guests;
}

/** The latest of placing, check-in, check-out, no-show marking and cancellation. */
function lastChange(booking: SimBooking, todayDay: number): string {
  const changes = [booking.placed];
  if (booking.cancelled) changes.push(booking.cancelled);
  if (booking.kind === "booked" && booking.arrivalDay < todayDay) changes.push(`${dateOf(booking.arrivalDay)} ${checkInTime(booking)}`);
  if (booking.kind === "booked" && booking.departureDay < todayDay) changes.push(`${dateOf(booking.departureDay)} ${checkOutTime(booking)}`);
  if (booking.kind === "no_show") changes.push(timestamp(booking.arrivalDay, 23 * 3600 + 30 * 60));
  return changes.reduce((latest, change) => (change > latest ? change : latest));
}

/** On a lead guest in house tonight, so the demo's chart shows it on the first page. */
function plantMarkupGuest(bookings: SimBooking[], hotel: Hotel, todayDay: number): void {
  const inHouseTonight = (booking: SimBooking) =>
    booking.kind === "booked" &&
    booking.siteId !== null &&
    hotel.sitesById.get(booking.siteId)?.category.kind === "guest" &&
    booking.arrivalDay <= todayDay &&
    booking.departureDay > todayDay;
  const target = bookings.find(inHouseTonight) ?? bookings.find((booking) => booking.kind === "booked");
  const lead = target?.guests[0];
  if (!lead) return;
  lead.firstname = MARKUP_GUEST.firstname;
  lead.lastname = MARKUP_GUEST.lastname;
  lead.email = null;
}
