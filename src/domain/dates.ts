// Calendar dates as `YYYY-MM-DD` text, the form every night, report row and table uses.
// Arithmetic runs on UTC midnights, where every day is 24 hours long, so a DST change in
// the kitchen's zone can never shift a night.

const DAY_MS = 86_400_000;

/**
 * The dates the product accepts, from anyone: 0001-01-01 to 9999-12-30. The last one
 * leaves room for the morning after a night (a departure), which must still be a
 * four-digit year; year 0000 is no date a hotel has.
 */
export const MIN_DATE = "0001-01-01";
export const MAX_DATE = "9999-12-30";

/** Nights from `from` to `to`, both included. */
export interface DateRange {
  from: string;
  to: string;
}
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Newbook sends "2026-01-22 14:00:00", "2026-01-22T14:00:00" or a bare "2026-01-22".
const LEADING_DATE = /^(\d{4}-\d{2}-\d{2})(?:$|[ T])/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for `YYYY-MM-DD` naming a day that exists (2026-02-30 and 2026-13-01 do not). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A real calendar date from MIN_DATE to MAX_DATE. */
export function isSupportedDate(value: string): boolean {
  return isIsoDate(value) && value >= MIN_DATE && value <= MAX_DATE;
}

function toUtcMs(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  // Date.parse reads a bare ISO date as UTC midnight, which is what the arithmetic needs.
  return Date.parse(date);
}

function fromUtcMs(ms: number): string {
  const iso = new Date(ms).toISOString();
  // Past year 9999 toISOString writes "+010000-01-01": no date of ours, and never one to pass on.
  if (iso.length !== 24) throw new RangeError(`outside the years 0000 to 9999: ${iso}`);
  return iso.slice(0, 10);
}

/** The date `days` later (earlier when negative). Throws on a malformed date or a year past 9999. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** `to` minus `from` in days: 1 from one day to the next, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from`. */
export function eachDate(from: string, to: string): string[] {
  const count = daysBetween(from, to) + 1;
  const start = toUtcMs(from);
  return Array.from({ length: Math.max(0, count) }, (_, index) => fromUtcMs(start + index * DAY_MS));
}

// One formatter per zone: building one costs far more than using it.
const zoneDateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date it is at `now` in an IANA zone: a kitchen's "today". */
export function todayInZone(timeZone: string, now: Date): string {
  let format = zoneDateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    zoneDateFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const part = (type: "year" | "month" | "day") => parts.find((candidate) => candidate.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The date a Newbook date or datetime falls on; null when it does not start with a real date. */
export function datePart(value: string | null): string | null {
  const date = value === null ? undefined : LEADING_DATE.exec(value.trim())?.[1];
  return date !== undefined && isIsoDate(date) ? date : null;
}
