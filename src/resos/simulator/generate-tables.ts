// Fills the restaurant's book from the hotel next door: for every night, the residents
// (read from the Newbook simulator's state for the same seed) who booked lunch or dinner,
// one table per group, and the non-residents who walk in from outside, then the planted
// awkward cases and a check that every status word appears.
//
// All of it is generated at once, for dates from today - HISTORY_DAYS to today +
// FUTURE_DAYS: ~90 days of about one table per occupied room per night is ~30,000 small
// records at 500 rooms, cheap to hold and to scan, and it keeps the quirks that look at
// every booking (the one-sided filter's "oldest first") exact. Every choice comes from the
// restaurant's own seeded PRNG in a fixed order, so seed + rooms + today always give the
// same book.
import { dayOf } from "../../newbook/simulator/calendar";
import type { Random } from "../../newbook/simulator/random";
import type { SimulatorState } from "../../newbook/simulator/state";
import { type BookTable, type TableDraft, tableBooker } from "./book-table";
import { outsideGuest } from "./diners";
import { chooseLinkForm, groupClues, residentClues } from "./link-forms";
import type { ObjectIdFactory } from "./object-ids";
import { type Sitting, sittingsOn, weeklySittingsOn } from "./opening-hours";
import { type Planter, planters } from "./planted-cases";
import { type Resident, type ResidentNight, residentsByNight } from "./residents";
import type { Restaurant } from "./restaurant";
import { GENERATED_STATUSES, type SimTableBooking, type TableStatus } from "./table-booking";
import { statusFits } from "./table-status";

const HISTORY_DAYS = 30;
const FUTURE_DAYS = 60;

/** How often a resident books: guests with dinner in their rate mostly do; the rest sometimes. */
const DINNER_CHANCE = { included: 0.75, notIncluded: 0.2 } as const;
const LUNCH_CHANCE = 0.06;
const GROUP_DINNER_CHANCE = { included: 0.9, notIncluded: 0.35 } as const;
/** Outside tables per sitting at a 40-room hotel; more for a bigger one, whose restaurant is bigger. */
const OUTSIDE_TABLES = { Lunch: [1, 4], Dinner: [3, 8] } as const;
const ROOMS_PER_OUTSIDE_STEP = 40;

const NO_RESIDENTS: ResidentNight = { singles: [], groups: [] };

export function generateTables(hotel: SimulatorState, restaurant: Restaurant, todayDay: number, random: Random, newId: ObjectIdFactory): SimTableBooking[] {
  const book = tableBooker(restaurant, newId, todayDay, random);
  const fromDay = todayDay - HISTORY_DAYS;
  const toDay = todayDay + FUTURE_DAYS;
  const nights = residentsByNight(hotel, fromDay, toDay);
  const outsideScale = Math.max(1, hotel.hotel.sites.filter((site) => site.category.kind === "guest").length / ROOMS_PER_OUTSIDE_STEP);
  let pending: Planter[] = planters(hotel);
  const planted = new Set<string>();
  const bookings: SimTableBooking[] = [];

  for (let day = fromDay; day <= toDay; day++) {
    const sittings = sittingsOn(restaurant.openingHours, day);
    if (sittings.length === 0) {
      bookings.push(...cancelledByClosure(day, restaurant, book, random));
      continue;
    }
    const residents = nights.get(day) ?? NO_RESIDENTS;
    const night = nightTables(day, sittings, residents, outsideScale, book, random);
    bookings.push(...night.tables);

    const dinner = sittings.find((sitting) => sitting.service === "Dinner");
    if (!dinner) continue;
    pending = pending.filter((planter) => {
      if (day < todayDay + planter.fromDaysAhead) return true;
      const drafts = planter.plant({ day, dinner, residents, untabled: night.untabled }, random);
      if (drafts === null) return true;
      for (const draft of drafts) {
        const booking = book(draft);
        bookings.push(booking);
        planted.add(booking.id);
      }
      return false;
    });
  }

  coverEveryStatus(bookings.filter((booking) => !planted.has(booking.id)), todayDay);
  return bookings;
}

/** One open night: the groups' tables, the residents who book lunch or dinner, the outsiders. */
function nightTables(day: number, sittings: Sitting[], residents: ResidentNight, outsideScale: number, book: BookTable, random: Random) {
  const lunch = sittings.find((sitting) => sitting.service === "Lunch");
  const dinner = sittings.find((sitting) => sitting.service === "Dinner");
  const tables: SimTableBooking[] = [];
  const untabled: Resident[] = [];

  if (dinner) {
    for (const group of residents.groups) {
      const included = group.members.every((member) => member.dinnerIncluded);
      if (!random.chance(included ? GROUP_DINNER_CHANCE.included : GROUP_DINNER_CHANCE.notIncluded)) continue;
      const diners = group.members.reduce((sum, member) => sum + member.diners, 0);
      tables.push(book({ day, sitting: dinner, people: diners, ...groupClues(group, random), resident: true }));
    }
  }
  for (const resident of residents.singles) {
    let tabled = false;
    if (dinner && random.chance(resident.dinnerIncluded ? DINNER_CHANCE.included : DINNER_CHANCE.notIncluded)) {
      tables.push(book(residentDraft(day, dinner, resident, random)));
      tabled = true;
    }
    if (lunch && random.chance(LUNCH_CHANCE)) {
      tables.push(book(residentDraft(day, lunch, resident, random)));
      tabled = true;
    }
    if (!tabled) untabled.push(resident);
  }
  for (const sitting of sittings) {
    const [fewest, most] = OUTSIDE_TABLES[sitting.service];
    const count = Math.round(random.int(fewest, most) * outsideScale);
    for (let index = 0; index < count; index++) tables.push(book(outsideDraft(day, sitting, random)));
  }
  return { tables, untabled };
}

function residentDraft(day: number, sitting: Sitting, resident: Resident, random: Random): TableDraft {
  // Mostly the party as booked; now and then a friend joins, or one of them eats elsewhere.
  const people = random.weighted([
    [resident.diners, 85],
    [resident.diners + random.int(1, 2), 10],
    [Math.max(1, resident.diners - 1), 5],
  ] as const);
  return { day, sitting, people, ...residentClues(resident, chooseLinkForm(resident, random), random), resident: true };
}

/** Notes without digits: a number in a note is where a room is looked for. */
const OUTSIDE_NOTES = ["Window table please", "High chair needed", "Celebrating - cake with dessert", "Wheelchair user", "Regulars - the usual table", "Dog friendly area please"];

function outsideDraft(day: number, sitting: Sitting, random: Random): TableDraft {
  const people = random.weighted([[2, 50], [4, 20], [3, 10], [1, 5], [random.int(5, 6), 10], [random.int(7, 10), 5]] as const);
  const hotelGuest = random.chance(0.75) ? { hotelGuest: false } : {};
  const notes = random.chance(0.15) ? [random.pick(OUTSIDE_NOTES)] : [];
  return { day, sitting, people, guest: outsideGuest(random), fields: hotelGuest, notes, resident: false };
}

/** The day of the private event: a table or two booked before it was arranged, all cancelled. */
function cancelledByClosure(day: number, restaurant: Restaurant, book: BookTable, random: Random): SimTableBooking[] {
  const dinner = weeklySittingsOn(restaurant.openingHours, day).find((sitting) => sitting.service === "Dinner");
  if (!dinner) return [];
  return Array.from({ length: random.int(1, 2) }, () => book({ ...outsideDraft(day, dinner, random), status: "canceled" }));
}

/**
 * Every status word must appear in the book, whatever the seed and size: a small hotel's
 * few tables could miss the rare ones. A missing one is given to the first generated
 * table whose day it fits (nobody has "left" a table that is still to come).
 */
function coverEveryStatus(bookings: SimTableBooking[], todayDay: number): void {
  const counts = new Map<TableStatus, number>();
  for (const booking of bookings) counts.set(booking.status, (counts.get(booking.status) ?? 0) + 1);
  for (const status of GENERATED_STATUSES) {
    if (counts.has(status)) continue;
    // Taken from a status with more to spare, so covering one word never uncovers another.
    const target = bookings.find((booking) => counts.get(booking.status)! > 1 && statusFits(status, dayOf(booking.date)!, todayDay));
    if (!target) continue;
    counts.set(target.status, counts.get(target.status)! - 1);
    counts.set(status, 1);
    target.status = status;
    target.canceledAt = status === "canceled" ? target.createdAt : null;
  }
}
