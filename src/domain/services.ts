// Which service (breakfast, lunch, dinner) a table is for. resOS only knows opening hours
// ("Lunch", Monday 1200-1500); the kitchen counts services, so each regular opening hour
// is given a service (guessed here, corrected by the kitchen) and a table falls in the
// period of its weekday that holds its time.
import type { OpeningHour, Service, ServiceMapping } from "./restaurant";

// A name that says its service wins over the clock: a "Supper" from 16:30 is dinner.
// Afternoon tea is its own service for the kitchen, though it sits in lunch's hours.
const SERVICE_WORDS: [RegExp, Service][] = [
  [/\b(?:breakfast|brunch)\b/i, "breakfast"],
  [/\blunch\b/i, "lunch"],
  [/\b(?:dinner|supper|evening)\b/i, "dinner"],
  [/\btea\b/i, "other"],
];

/** The one service a name speaks of; null when it names none, or several ("Lunch & Dinner"). */
function serviceByName(name: string): Service | null {
  const named = new Set(SERVICE_WORDS.filter(([words]) => words.test(name)).map(([, service]) => service));
  return named.size === 1 ? [...named][0]! : null;
}

/**
 * A period's service by when it opens: before 11:00 breakfast, before 16:00 lunch, from
 * 17:00 dinner. What opens from 16:00 to 16:59 is neither a late lunch nor an early
 * dinner with any certainty, so it is "other" until the kitchen says.
 */
function serviceByOpening(open: number): Service {
  if (open < 1100) return "breakfast";
  if (open < 1600) return "lunch";
  if (open >= 1700) return "dinner";
  return "other";
}

/** A table with no period to fall in goes by the clock alone; every time after lunch is dinner. */
function serviceByTimeOfDay(minutes: number): Service {
  if (minutes < 11 * 60) return "breakfast";
  if (minutes < 16 * 60) return "lunch";
  return "dinner";
}

function guessService(hour: OpeningHour): Service {
  return serviceByName(hour.name) ?? serviceByOpening(hour.open);
}

/** A first service for each regular opening hour, for the kitchen to correct: by name, else by opening time. */
export function detectServices(openingHours: OpeningHour[]): ServiceMapping[] {
  return openingHours.filter((hour) => !hour.special).map((hour) => ({ openingHourId: hour.id, name: hour.name, service: guessService(hour) }));
}

/** The dates of special closures: nights the restaurant is shut, when no resident can lack a table. */
export function closedDates(openingHours: OpeningHour[]): Set<string> {
  return new Set(openingHours.filter((hour) => hour.special && hour.closed && hour.date !== null).map((hour) => hour.date!));
}

export interface Sitting {
  service: Service;
  openingHourId: string | null;
  openingHourName: string | null;
}

const hhmmToMinutes = (hhmm: number) => Math.floor(hhmm / 100) * 60 + (hhmm % 100);

function timeToMinutes(time: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** 1 = Monday .. 7 = Sunday, as resOS numbers its days. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** A period's minutes, a close at or before its open running past midnight. */
function spanOf(hour: OpeningHour): { open: number; close: number } {
  const open = hhmmToMinutes(hour.open);
  const close = hhmmToMinutes(hour.close);
  return { open, close: close > open ? close : close + 24 * 60 };
}

function distanceTo(hour: OpeningHour, minutes: number): number {
  const { open, close } = spanOf(hour);
  return minutes < open ? open - minutes : minutes > close ? minutes - close : 0;
}

/**
 * The sitting a table is in: the regular period of its date's weekday whose open..close
 * (both included) holds its time. When two overlap, the one that opened last: a 15:15
 * table is in the afternoon tea that started at 15:00, not in the lunch still open until
 * 15:30 for its last sittings. When none holds it, the nearest period that day (the
 * earlier on a tie): a table booked just outside the hours was still booked for them.
 * With no period that day, the clock decides. Without a time a table is "other", unless
 * the day has only one period it can be for. An opening hour the mappings do not name
 * (created since the kitchen last looked) takes its guessed service.
 */
export function serviceOf(table: { date: string; time: string | null }, openingHours: OpeningHour[], mappings: ServiceMapping[]): Sitting {
  const weekday = isoWeekday(table.date);
  const periods = openingHours.filter((hour) => !hour.special && hour.day === weekday).sort((a, b) => a.open - b.open);
  const minutes = table.time === null ? null : timeToMinutes(table.time);
  const sitting = (hour: OpeningHour): Sitting => ({
    service: mappings.find((mapping) => mapping.openingHourId === hour.id)?.service ?? guessService(hour),
    openingHourId: hour.id,
    openingHourName: hour.name,
  });

  if (minutes === null) {
    return periods.length === 1 ? sitting(periods[0]!) : { service: "other", openingHourId: null, openingHourName: null };
  }
  if (periods.length === 0) return { service: serviceByTimeOfDay(minutes), openingHourId: null, openingHourName: null };
  const holding = periods.filter((hour) => distanceTo(hour, minutes) === 0);
  if (holding.length > 0) return sitting(holding.at(-1)!);
  const nearest = periods.reduce((best, hour) => (distanceTo(hour, minutes) < distanceTo(best, minutes) ? hour : best));
  return sitting(nearest);
}
