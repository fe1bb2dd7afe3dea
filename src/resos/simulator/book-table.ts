// Turns what the generator decided about a table (whose it is, for how many, when) into a
// booking as resOS would hold it: the restaurant's table, the sitting's duration, when it
// was booked and by which channel, its status as of today, and the diet and occasion
// details guests add on the booking page.
import { dateOf } from "../../newbook/simulator/calendar";
import type { Random } from "../../newbook/simulator/random";
import { DIETARY_NEEDS } from "./custom-fields";
import { tablesFor } from "./dining-room";
import type { ObjectIdFactory } from "./object-ids";
import type { Sitting } from "./opening-hours";
import type { Restaurant } from "./restaurant";
import { type BookingSource, OCCASIONS, type SimTableBooking, type TableFields, type TableGuest, type TableStatus } from "./table-booking";
import { isCanceled, statusFor } from "./table-status";

export interface TableDraft {
  day: number;
  sitting: Sitting;
  people: number;
  guest: TableGuest;
  fields: TableFields;
  notes: string[];
  resident: boolean;
  /** Left out: a time of the sitting and a status for the day, at random. */
  time?: string;
  status?: TableStatus;
}

export type BookTable = (draft: TableDraft) => SimTableBooking;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const RESIDENT_SOURCES = [["phone", 50], ["website", 35], ["email", 10], ["walk_in", 5]] as const;
const OUTSIDE_SOURCES = [["website", 45], ["phone", 30], ["google", 10], ["email", 5], ["walk_in", 10]] as const;
const ALLERGY_NOTES = ["Nut allergy - severe", "Shellfish - carries an EpiPen", "Coeliac, strict", "Sesame allergy"];

export function tableBooker(restaurant: Restaurant, newId: ObjectIdFactory, todayDay: number, random: Random): BookTable {
  return (draft) => {
    const time = draft.time ?? random.pick(draft.sitting.times);
    const startMs = draft.day * DAY_MS + minutesOf(time) * MINUTE_MS;
    // A walk-in is booked as it happens, so only on days already over.
    const source = pickSource(draft.resident, draft.day < todayDay, random);
    const createdMs = source === "walk_in" ? startMs - random.int(0, 10) * MINUTE_MS : bookedAhead(draft.day, startMs, todayDay, random);
    const status = draft.status ?? statusFor(draft.day, todayDay, random);
    return {
      id: newId(createdMs),
      date: dateOf(draft.day),
      time,
      people: draft.people,
      status,
      guest: draft.guest,
      tables: tablesFor(restaurant.tables, draft.people, random),
      fields: { ...guestDetails(random), ...draft.fields },
      notes: draft.notes,
      duration: draft.sitting.duration,
      source,
      createdAt: new Date(createdMs).toISOString(),
      canceledAt: isCanceled(status) ? new Date(cancelledBetween(createdMs, Math.min(startMs, todayDay * DAY_MS), random)).toISOString() : null,
    };
  };
}

function pickSource(resident: boolean, dayIsOver: boolean, random: Random): BookingSource {
  const source = random.weighted(resident ? RESIDENT_SOURCES : OUTSIDE_SOURCES);
  return source === "walk_in" && !dayIsOver ? "phone" : source;
}

/** Days to weeks ahead, and always before the start of today: the simulator's "now". */
function bookedAhead(day: number, startMs: number, todayDay: number, random: Random): number {
  const [shortest, longest] = random.weighted([[[0, 2], 25], [[3, 14], 45], [[15, 60], 30]] as const);
  let bookedDay = day - random.int(shortest, longest);
  if (bookedDay >= todayDay) bookedDay = todayDay - 1 - random.int(0, 6);
  const at = bookedDay * DAY_MS + random.int(8 * 60, 22 * 60) * MINUTE_MS;
  return Math.min(at, startMs - 60 * MINUTE_MS);
}

function cancelledBetween(createdMs: number, latestMs: number, random: Random): number {
  return latestMs <= createdMs ? createdMs + MINUTE_MS : createdMs + Math.floor(random.next() * (latestMs - createdMs));
}

/** What guests fill in themselves: a diet on about one table in seven, an allergy now and then, an occasion. */
function guestDetails(random: Random): TableFields {
  const fields: TableFields = {};
  if (random.chance(0.15)) {
    const first = random.pick(DIETARY_NEEDS);
    const second = random.chance(0.2) ? random.pick(DIETARY_NEEDS) : first;
    fields.dietary = first === second ? [first] : [first, second];
  }
  if (random.chance(0.03)) fields.allergies = random.pick(ALLERGY_NOTES);
  if (random.chance(0.05)) fields.occasion = random.pick(OCCASIONS);
  return fields;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
