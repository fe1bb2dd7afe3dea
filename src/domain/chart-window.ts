// Which nights a chart shows: `start` (default the kitchen's today) and `nights` (1-30,
// default 7), read from a query string and refused with a reason a person can act on.
import { addDays, daysBetween, isIsoDate, isSupportedDate, MAX_DATE, MIN_DATE } from "./dates";

export const DEFAULT_NIGHTS = 7;
export const MAX_NIGHTS = 30;

export interface ChartWindow {
  start: string;
  nights: number;
  /** The last night shown. */
  end: string;
}

export type ChartWindowResult = { ok: true; window: ChartWindow } | { ok: false; error: string };

export function chartWindow(start: string, nights: number): ChartWindow {
  return { start, nights, end: addDays(start, nights - 1) };
}

export function parseChartWindow(query: { start?: string | undefined; nights?: string | undefined }, today: string): ChartWindowResult {
  const start = query.start === undefined || query.start === "" ? today : query.start;
  if (!isIsoDate(start)) return { ok: false, error: `start must be a date as YYYY-MM-DD, not "${start.slice(0, 40)}".` };
  if (!isSupportedDate(start)) return { ok: false, error: `start must be a date from ${MIN_DATE} to ${MAX_DATE}, not "${start}".` };
  const nightsText = query.nights === undefined || query.nights === "" ? String(DEFAULT_NIGHTS) : query.nights;
  const nights = /^\d{1,3}$/.test(nightsText) ? Number(nightsText) : Number.NaN;
  if (!(nights >= 1 && nights <= MAX_NIGHTS)) {
    return { ok: false, error: `nights must be a whole number from 1 to ${MAX_NIGHTS}, not "${nightsText.slice(0, 40)}".` };
  }
  if (daysBetween(start, MAX_DATE) < nights - 1) {
    return { ok: false, error: `${nights} nights from ${start} would run past ${MAX_DATE}: ask for fewer nights or an earlier start.` };
  }
  return { ok: true, window: chartWindow(start, nights) };
}

/** The window `nights` before or after this one, or null when it would leave the dates the product accepts. */
export function neighbourWindow(window: ChartWindow, direction: -1 | 1): ChartWindow | null {
  const start = direction === -1 ? daysBetween(MIN_DATE, window.start) >= window.nights ? addDays(window.start, -window.nights) : null
    : daysBetween(window.end, MAX_DATE) >= window.nights ? addDays(window.start, window.nights) : null;
  return start === null ? null : chartWindow(start, window.nights);
}
