// The restaurant's week: lunch Wednesday to Sunday, dinner every night (later at the
// weekend), two periods deleted long ago that resOS still returns unless asked not to, and
// one special closure a few days ahead, when nobody has a table. The sittings a booking can
// have come from the same periods: resOS pushes `close` later by the seating duration, so
// the last sitting is close - duration.
import { dateOf, weekdayOf } from "../../newbook/simulator/calendar";

const SERVICES = ["Lunch", "Dinner"] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface OpeningHour {
  id: string;
  name: string;
  /** 1 = Monday .. 7 = Sunday; null for a special period, which names a date. */
  day: number | null;
  /** HHMM, as resOS sends it: 1830 is 18:30. */
  open: number;
  close: number;
  /** Minutes a sitting lasts; null on a closure. */
  duration: number | null;
  special: boolean;
  date: string | null;
  isOpen: boolean;
  deleted: boolean;
}

/** When a service can be booked on one date. */
export interface Sitting {
  service: ServiceName;
  /** "HH:MM", every quarter hour from opening to the last sitting. */
  times: string[];
  duration: number;
}

interface WeeklyPeriod {
  name: string;
  days: readonly number[];
  open: number;
  close: number;
  duration: number;
}

const WEEK: readonly WeeklyPeriod[] = [
  { name: "Lunch", days: [3, 4, 5, 6, 7], open: 1200, close: 1430, duration: 90 },
  { name: "Dinner", days: [1, 2, 3, 4, 7], open: 1800, close: 2130, duration: 90 },
  { name: "Dinner", days: [5, 6], open: 1800, close: 2230, duration: 120 },
];

/** Gone from the booking page, kept in resOS: they come back without `showDeleted=false`. */
const RETIRED: readonly WeeklyPeriod[] = [
  { name: "Sunday Carvery", days: [7], open: 1200, close: 1600, duration: 120 },
  { name: "Early Bird Dinner", days: [2, 3], open: 1700, close: 1830, duration: 90 },
];

const CLOSURE_NAME = "Closed: private event";
/** Days after today of the one special closure: inside the demo's fortnight, clear of today. */
export const CLOSURE_DAYS_AHEAD = 9;
const SITTING_STEP_MINUTES = 15;

/** The regular week, with the periods deleted long ago first (they were made first). */
export function weeklyOpeningHours(mintId: () => string): OpeningHour[] {
  const weekly = (period: WeeklyPeriod, deleted: boolean) =>
    period.days.map(
      (day): OpeningHour => ({
        id: mintId(),
        name: period.name,
        day,
        open: period.open,
        close: period.close,
        duration: period.duration,
        special: false,
        date: null,
        isOpen: true,
        deleted,
      }),
    );
  return [...RETIRED.flatMap((period) => weekly(period, true)), ...WEEK.flatMap((period) => weekly(period, false))];
}

/** The restaurant shut for the whole of one date. */
export function specialClosure(id: string, day: number): OpeningHour {
  return { id, name: CLOSURE_NAME, day: null, open: 0, close: 0, duration: null, special: true, date: dateOf(day), isOpen: false, deleted: false };
}

export interface OpeningHoursQuery {
  /** Only the exact text "false" leaves deleted periods out, as in resOS. */
  showDeleted: string | undefined;
  onlySpecial: string | undefined;
}

export function listOpeningHours(hours: readonly OpeningHour[], query: OpeningHoursQuery): Record<string, unknown>[] {
  return hours
    .filter((hour) => query.showDeleted !== "false" || !hour.deleted)
    .filter((hour) => query.onlySpecial !== "true" || hour.special)
    .map(toWireOpeningHour);
}

function toWireOpeningHour(hour: OpeningHour): Record<string, unknown> {
  if (hour.special) {
    return { _id: hour.id, name: hour.name, special: true, date: hour.date, isOpen: hour.isOpen, open: hour.open, close: hour.close };
  }
  return {
    _id: hour.id,
    name: hour.name,
    day: hour.day,
    open: hour.open,
    close: hour.close,
    special: false,
    seating: { duration: hour.duration },
    ...(hour.deleted ? { deleted: true } : {}),
  };
}

/** resOS counts the week from Monday = 1. */
function resosWeekday(day: number): number {
  return weekdayOf(day) || 7;
}

function isClosed(hours: readonly OpeningHour[], date: string): boolean {
  return hours.some((hour) => hour.special && !hour.isOpen && !hour.deleted && hour.date === date);
}

/** The services that can be booked on a date, lunch first; none when the restaurant is closed. */
export function sittingsOn(hours: readonly OpeningHour[], day: number): Sitting[] {
  return isClosed(hours, dateOf(day)) ? [] : weeklySittingsOn(hours, day);
}

/** The services the date's weekday has, whatever special period covers the date. */
export function weeklySittingsOn(hours: readonly OpeningHour[], day: number): Sitting[] {
  const weekday = resosWeekday(day);
  return hours
    .filter((hour) => !hour.special && !hour.deleted && hour.day === weekday)
    .toSorted((a, b) => a.open - b.open)
    .flatMap((hour) => {
      const service = SERVICES.find((name) => name === hour.name);
      if (!service || hour.duration === null) return [];
      return [{ service, times: sittingTimes(minutesOf(hour.open), minutesOf(hour.close) - hour.duration), duration: hour.duration }];
    });
}

const minutesOf = (hhmm: number) => Math.floor(hhmm / 100) * 60 + (hhmm % 100);

function sittingTimes(openMinute: number, lastMinute: number): string[] {
  const times: string[] = [];
  for (let minute = openMinute; minute <= lastMinute; minute += SITTING_STEP_MINUTES) {
    times.push(`${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`);
  }
  return times;
}
