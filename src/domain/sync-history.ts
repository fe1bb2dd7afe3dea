// The sync History page as data: a week of runs put into clock hours, a summary of how
// they went, and where the kitchen's days begin. Pure: the caller passes the runs, the
// current instant and the kitchen's time zone.
//
// The window is the 168 whole clock hours (UTC hours, so a DST change never moves a
// run) that end with the current one: from the top of the hour 167 hours before the
// current hour, inclusive, to the end of the current hour, exclusive. A run started
// exactly 7 × 24 hours before now is therefore just outside (it lies before the first
// hour); a run started at the very top of the first hour is inside. The database query
// fetches `started_at >= now - 7 days`, a little more than this, and these functions
// decide.
import type { SyncRunStatus } from "./sync-run";

export const HOUR_MS = 3_600_000;
export const HISTORY_HOURS = 168;
/** How far back the page's query reaches: 7 days, which covers every hour of the window. */
export const HISTORY_LOOKBACK_MS = 7 * 24 * HOUR_MS;

/** What the chart needs of a sync run. */
export interface HistoryRun {
  startedAt: string;
  durationMs: number | null;
  status: SyncRunStatus;
}

/** One clock hour of the window. Durations are of finished (successful or failed) runs only. */
export interface HourBucket {
  startMs: number;
  /** The longest finished run started in this hour, or null when none has a duration. */
  longestMs: number | null;
  succeeded: number;
  failed: number;
}

export interface HistorySummary {
  /** Every run started in the window, whatever its status. */
  runs: number;
  /** Successful plus failed runs: the base of the success rate. */
  finished: number;
  succeeded: number;
  failed: number;
  running: number;
  cancelled: number;
  /** succeeded / finished, from 0 to 1; null when no run finished (never NaN). */
  successRate: number | null;
  /** Median and longest duration of the finished runs that have one; null when none has. */
  medianMs: number | null;
  longestMs: number | null;
}

export interface SyncHistory {
  windowStartMs: number;
  /** The end of the current hour (exclusive). */
  windowEndMs: number;
  buckets: HourBucket[];
  summary: HistorySummary;
}

/** The window for an instant: [start of the hour 167 hours before the current one, end of the current hour). */
export function historyWindow(nowMs: number): { startMs: number; endMs: number } {
  const currentHourStart = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  return { startMs: currentHourStart - (HISTORY_HOURS - 1) * HOUR_MS, endMs: currentHourStart + HOUR_MS };
}

/** A run that ended by itself; a partial one counts with the failures (some of its data did not arrive). */
function isFinished(status: SyncRunStatus): status is "success" | "partial" | "failed" {
  return status === "success" || status === "partial" || status === "failed";
}

function usableDuration(ms: number | null): ms is number {
  return ms !== null && Number.isFinite(ms) && ms >= 0;
}

/** The median of a non-empty list of numbers, sorted ascending; the mean of the middle two when the count is even, rounded to a whole ms. */
function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle]!;
  return Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** Puts the runs into the window's 168 hours and sums them up. Runs outside the window, or with an unreadable start, are left out. */
export function buildSyncHistory(runs: readonly HistoryRun[], nowMs: number): SyncHistory {
  const { startMs, endMs } = historyWindow(nowMs);
  const buckets: HourBucket[] = Array.from({ length: HISTORY_HOURS }, (_, index) => ({
    startMs: startMs + index * HOUR_MS,
    longestMs: null,
    succeeded: 0,
    failed: 0,
  }));
  const summary: HistorySummary = { runs: 0, finished: 0, succeeded: 0, failed: 0, running: 0, cancelled: 0, successRate: null, medianMs: null, longestMs: null };
  const durations: number[] = [];
  for (const run of runs) {
    const at = Date.parse(run.startedAt);
    if (!Number.isFinite(at) || at < startMs || at >= endMs) continue;
    const bucket = buckets[Math.floor((at - startMs) / HOUR_MS)]!;
    summary.runs += 1;
    if (run.status === "running") summary.running += 1;
    if (run.status === "cancelled") summary.cancelled += 1;
    if (!isFinished(run.status)) continue;
    summary.finished += 1;
    if (run.status === "success") {
      summary.succeeded += 1;
      bucket.succeeded += 1;
    } else {
      summary.failed += 1;
      bucket.failed += 1;
    }
    if (usableDuration(run.durationMs)) {
      durations.push(run.durationMs);
      bucket.longestMs = Math.max(bucket.longestMs ?? 0, run.durationMs);
    }
  }
  if (summary.finished > 0) summary.successRate = summary.succeeded / summary.finished;
  if (durations.length > 0) {
    durations.sort((a, b) => a - b);
    summary.medianMs = median(durations);
    summary.longestMs = durations[durations.length - 1]!;
  }
  return { windowStartMs: startMs, windowEndMs: endMs, buckets, summary };
}

// ---- Local midnights ----------------------------------------------------------------------

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** The kitchen-local calendar date and seconds since local midnight at an instant (to the second). */
function localClock(ms: number, timeZone: string): { date: string; secondOfDay: number } {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    clockFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? "0";
  return {
    date: `${part("year")}-${part("month")}-${part("day")}`,
    secondOfDay: Number(part("hour")) * 3600 + Number(part("minute")) * 60 + Number(part("second")),
  };
}

/**
 * Every instant after `startMs` and before `endMs` at which a new local day begins in the
 * zone, with that day's date. Where a DST change skips midnight, the day begins at the change.
 */
export function localMidnights(startMs: number, endMs: number, timeZone: string): { ms: number; date: string }[] {
  const midnights: { ms: number; date: string }[] = [];
  let at = startMs - (((startMs % 1000) + 1000) % 1000);
  let clock = localClock(at, timeZone);
  while (at < endMs) {
    // Where the next midnight would be if the offset stayed put; then correct for a change.
    let guess = at + (86_400 - clock.secondOfDay) * 1000;
    let first: { ms: number; date: string } | null = null;
    for (let step = 0; step < 4; step += 1) {
      const there = localClock(guess, timeZone);
      if (there.date !== clock.date) {
        if (first === null || guess < first.ms) first = { ms: guess, date: there.date };
        if (there.secondOfDay === 0) break;
        guess -= there.secondOfDay * 1000;
      } else {
        guess += (86_400 - there.secondOfDay) * 1000;
      }
    }
    if (first === null) break; // cannot happen with a real zone; never loop for ever
    if (first.ms >= endMs) break;
    if (first.ms > startMs) midnights.push(first);
    at = first.ms;
    clock = localClock(at, timeZone);
  }
  return midnights;
}
