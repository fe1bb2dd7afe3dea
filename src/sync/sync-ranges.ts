// The date ranges a person or a client may ask to sync, checked before anything runs.
import * as z from "zod";
import { addDays, daysBetween, isIsoDate, todayInZone } from "../domain/dates";
import type { DateRange } from "../domain/stay-nights";

export const MAX_HISTORICAL_SPAN_DAYS = 365;

/** Today and the next `daysAhead` days, in the kitchen's time zone. */
export function upcomingRange(timeZone: string, daysAhead: number, now: Date): DateRange {
  const today = todayInZone(timeZone, now);
  return { from: today, to: addDays(today, daysAhead) };
}

function bothDates(from: string, to: string): boolean {
  return isIsoDate(from) && isIsoDate(to);
}

const isoDate = (field: string) => z.string(`${field} is required (YYYY-MM-DD)`).refine(isIsoDate, `${field} must be a date as YYYY-MM-DD`);

export const HistoricalRangeInput = z
  .object({ date_from: isoDate("date_from"), date_to: isoDate("date_to") })
  // zod still runs object refinements after a field failed: check the dates again first.
  .refine(({ date_from, date_to }) => !bothDates(date_from, date_to) || date_from <= date_to, "date_from must not be after date_to")
  .refine(
    ({ date_from, date_to }) => !bothDates(date_from, date_to) || daysBetween(date_from, date_to) <= MAX_HISTORICAL_SPAN_DAYS,
    `date_to may be at most ${MAX_HISTORICAL_SPAN_DAYS} days after date_from`,
  )
  .transform(({ date_from, date_to }): DateRange => ({ from: date_from, to: date_to }));
