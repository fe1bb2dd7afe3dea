// Which nights a chart shows: `start` (default the kitchen's today) and `nights` (1-30,
// default 7), read from a query string and refused with a reason a person can act on.
import { addDays, isIsoDate } from "./dates";

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
  const nightsText = query.nights === undefined || query.nights === "" ? String(DEFAULT_NIGHTS) : query.nights;
  const nights = /^\d{1,3}$/.test(nightsText) ? Number(nightsText) : Number.NaN;
  if (!(nights >= 1 && nights <= MAX_NIGHTS)) {
    return { ok: false, error: `nights must be a whole number from 1 to ${MAX_NIGHTS}, not "${nightsText.slice(0, 40)}".` };
  }
  return { ok: true, window: chartWindow(start, nights) };
}
