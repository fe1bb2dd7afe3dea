// The nights a sync covers: the upcoming ones of a kitchen, or a range a person asks for,
// checked before anything runs, and cut into the chunks a run fetches and writes one at a time.
import { addDays, daysBetween, isIsoDate, isSupportedDate, MAX_DATE, MIN_DATE, todayInZone, type DateRange } from "./dates";

/** A range may reach at most this many days past its first night. */
export const MAX_RANGE_DAYS = 365;
/** A run fetches and writes at most this many nights per step: a month of a large hotel fits one D1 batch. */
export const MAX_CHUNK_NIGHTS = 31;

/** Today and the next `daysAhead` days, in the kitchen's time zone. */
export function upcomingRange(timeZone: string, daysAhead: number, now: Date): DateRange {
  const today = todayInZone(timeZone, now);
  return { from: today, to: addDays(today, daysAhead) };
}

// Problems are phrases that follow the name of what was typed: "date_to must ...".

/** Why a date someone typed cannot be used, or null when it can. */
export function dateProblem(value: string): string | null {
  if (!isIsoDate(value)) return "must be a date as YYYY-MM-DD";
  if (!isSupportedDate(value)) return `must be a date from ${MIN_DATE} to ${MAX_DATE}`;
  return null;
}

/** Why a range of usable dates cannot be synced (backwards, or too long), said of its last date; null when it can. */
export function rangeProblem(range: DateRange): string | null {
  if (range.from > range.to) return "must not be before the first date";
  if (daysBetween(range.from, range.to) > MAX_RANGE_DAYS) return `may be at most ${MAX_RANGE_DAYS} days after the first date`;
  return null;
}

/** Consecutive chunks of at most `size` nights covering the range in order; none for a backwards range. */
export function splitIntoChunks(range: DateRange, size = MAX_CHUNK_NIGHTS): DateRange[] {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`a chunk holds a whole number of nights >= 1, not ${size}`);
  const chunks: DateRange[] = [];
  let from = range.from;
  while (from <= range.to) {
    // Measured against the range's end before adding, so the last chunk never reaches past MAX_DATE.
    const left = daysBetween(from, range.to);
    const to = left < size ? range.to : addDays(from, size - 1);
    chunks.push({ from, to });
    if (to === range.to) break;
    from = addDays(to, 1);
  }
  return chunks;
}
