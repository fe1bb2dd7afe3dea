// The sync History page as data: a week of runs put into clock hours, a summary of how
// they went, and the chart's SVG geometry. Pure: the caller passes the runs, the current
// instant and the kitchen's time zone.
//
// The window is the 168 whole clock hours (UTC hours, so a DST change never moves a
// run) that end with the current one: from the top of the hour 167 hours before the
// current hour, inclusive, to the end of the current hour, exclusive. A run started
// exactly 7 × 24 hours before now is therefore just outside (it lies before the first
// hour); a run started at the very top of the first hour is inside. The database query
// fetches `started_at >= now - 7 days`, a little more than this, and these functions
// decide.
import { dateHeading, formatInstant } from "./kitchen-time";

export const HOUR_MS = 3_600_000;
export const HISTORY_HOURS = 168;
/** How far back the page's query reaches: 7 days, which covers every hour of the window. */
export const HISTORY_LOOKBACK_MS = 7 * 24 * HOUR_MS;

export type HistoryRunStatus = "running" | "success" | "failed" | "cancelled";

/** What the chart needs of a sync run. */
export interface HistoryRun {
  startedAt: string;
  durationMs: number | null;
  status: HistoryRunStatus;
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

function isFinished(status: HistoryRunStatus): status is "success" | "failed" {
  return status === "success" || status === "failed";
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

// ---- Words ------------------------------------------------------------------------------

/**
 * A success rate as a percentage with one decimal: "97.9%". Exactly all is "100%" and
 * exactly none "0%"; anything in between never rounds to either (999 of 1,000 is "99.9%",
 * 1 of 2,000 is "0.1%"), so a failure is never hidden by rounding.
 */
export function formatRate(rate: number): string {
  if (rate >= 1) return "100%";
  if (rate <= 0) return "0%";
  const tenths = Math.min(999, Math.max(1, Math.round(rate * 1000)));
  return `${(tenths / 10).toFixed(1)}%`;
}

/** "850 ms", "1.2 s", "2 min 5 s", "1 h 3 min": a run's duration. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    const seconds = totalSeconds % 60;
    return `${Math.floor(totalSeconds / 60)} min${seconds === 0 ? "" : ` ${seconds} s`}`;
  }
  const totalMinutes = Math.round(ms / 60_000);
  const minutes = totalMinutes % 60;
  return `${Math.floor(totalMinutes / 60)} h${minutes === 0 ? "" : ` ${minutes} min`}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}

/**
 * The plain-text summary beside the chart, e.g. "97.9% of 671 finished runs succeeded in
 * the last 7 days; 14 failed. Median 1.2 s, longest 4.5 s."
 */
export function describeHistory(summary: HistorySummary): string {
  if (summary.runs === 0) return "No sync has run in the last 7 days.";
  const others: string[] = [];
  if (summary.running > 0) others.push(`${summary.running.toLocaleString("en-GB")} still running`);
  if (summary.cancelled > 0) others.push(`${summary.cancelled.toLocaleString("en-GB")} cancelled`);
  const parts: string[] = [];
  if (summary.successRate === null) {
    parts.push(`No sync has finished in the last 7 days: ${others.join(", ")}.`);
  } else {
    const failed = summary.failed === 0 ? "none failed" : `${summary.failed.toLocaleString("en-GB")} failed`;
    parts.push(`${formatRate(summary.successRate)} of ${plural(summary.finished, "finished run", "finished runs")} succeeded in the last 7 days; ${failed}.`);
    if (others.length > 0) parts.push(`Not in the rate: ${others.join(", ")}.`);
  }
  if (summary.medianMs !== null && summary.longestMs !== null) parts.push(`Median ${formatDuration(summary.medianMs)}, longest ${formatDuration(summary.longestMs)}.`);
  return parts.join(" ");
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

// ---- Chart geometry -----------------------------------------------------------------------

export const CHART = {
  // Sized for a phone: at 390 px wide the chart is drawn at almost 1:1, so 10-unit text reads as 10 px.
  width: 340,
  height: 142,
  plotLeft: 42,
  plotTop: 8,
  plotHeight: 100,
  /** Viewbox units per hour: the plot is 168 × 1.75 = 294 wide. */
  hourWidth: 1.75,
  barGap: 0.35,
  /** A run too short to see still gets a bar this tall. */
  minBarHeight: 1.5,
  failureLaneTop: 112,
  failureLaneHeight: 8,
  failureMarkWidth: 3,
  dayLabelBaseline: 136,
  /** A day needs this many hours in the window to be labelled, so labels never overlap. */
  minLabelledHours: 20,
} as const;

const PLOT_WIDTH = HISTORY_HOURS * CHART.hourWidth;
const PLOT_BOTTOM = CHART.plotTop + CHART.plotHeight;

export interface ChartBar {
  hourStartMs: number;
  x: number;
  y: number;
  width: number;
  height: number;
  durationMs: number;
  /** Longer than the scale: drawn full height and marked. */
  overScale: boolean;
}

export interface FailureMark {
  hourStartMs: number;
  x: number;
  y: number;
  width: number;
  height: number;
  failed: number;
  /** "25 Oct 2026, 01:00: 2 failed", for a hover title. */
  label: string;
}

export interface DayLine {
  x: number;
  ms: number;
  date: string;
}

export interface DayLabel {
  x: number;
  date: string;
  text: string;
}

export interface AxisTick {
  y: number;
  ms: number;
  label: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number; bottom: number; right: number };
  failureLane: { y: number; height: number };
  dayLabelBaseline: number;
  scaleMaxMs: number;
  bars: ChartBar[];
  failures: FailureMark[];
  dayLines: DayLine[];
  dayLabels: DayLabel[];
  ticks: AxisTick[];
}

// Scale tops: round durations a reader can take in at a glance.
const NICE_SCALE_MS = [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_200_000, 1_800_000, 3_600_000];

/** The smallest round scale top at or above `ms` (whole hours beyond an hour). */
export function niceScaleMax(ms: number): number {
  for (const nice of NICE_SCALE_MS) if (ms <= nice) return nice;
  return Math.ceil(ms / 3_600_000) * 3_600_000;
}

/**
 * The duration scale shared by every bar. It tops out at the round value above the longest
 * hour, unless that hour is an outlier: more than five times the 90th percentile of the
 * hours' longest runs (nearest rank). Then the scale tops out at twice that percentile and
 * the outliers are drawn full height, marked as over the scale, so one long historical
 * run does not flatten a week of ordinary ones. With fewer than ten hours the percentile is
 * the longest itself, so nothing is cut.
 */
export function durationScaleMax(longestPerHour: readonly number[]): number {
  if (longestPerHour.length === 0) return NICE_SCALE_MS[3]!;
  const sorted = [...longestPerHour].sort((a, b) => a - b);
  const longest = sorted[sorted.length - 1]!;
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1]!;
  if (p90 > 0 && longest > 5 * p90) return niceScaleMax(2 * p90);
  return niceScaleMax(Math.max(longest, 1));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A scale tick's label: "500 ms", "2.5 s", "1 min", "2.5 min", "1 h". */
function tickLabel(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

function shortDay(date: string): string {
  return `${dateHeading(date).weekday} ${Number(date.slice(8, 10))}`;
}

/** Lays out the chart in viewBox units: bars, failure marks, the scale, and day lines at the kitchen's local midnights. */
export function layoutSyncChart(history: SyncHistory, timeZone: string): ChartLayout {
  const { windowStartMs, windowEndMs, buckets } = history;
  const xAt = (ms: number) => round2(CHART.plotLeft + ((ms - windowStartMs) / HOUR_MS) * CHART.hourWidth);
  const scaleMaxMs = durationScaleMax(buckets.flatMap((bucket) => (bucket.longestMs === null ? [] : [bucket.longestMs])));

  const bars: ChartBar[] = [];
  const failures: FailureMark[] = [];
  buckets.forEach((bucket, index) => {
    const left = CHART.plotLeft + index * CHART.hourWidth;
    if (bucket.longestMs !== null) {
      const overScale = bucket.longestMs > scaleMaxMs;
      const height = overScale ? CHART.plotHeight : Math.max(CHART.minBarHeight, (bucket.longestMs / scaleMaxMs) * CHART.plotHeight);
      bars.push({
        hourStartMs: bucket.startMs,
        x: round2(left + CHART.barGap / 2),
        y: round2(PLOT_BOTTOM - height),
        width: round2(CHART.hourWidth - CHART.barGap),
        height: round2(height),
        durationMs: bucket.longestMs,
        overScale,
      });
    }
    if (bucket.failed > 0) {
      failures.push({
        hourStartMs: bucket.startMs,
        x: round2(left + CHART.hourWidth / 2 - CHART.failureMarkWidth / 2),
        y: CHART.failureLaneTop,
        width: CHART.failureMarkWidth,
        height: CHART.failureLaneHeight,
        failed: bucket.failed,
        label: `${formatInstant(new Date(bucket.startMs).toISOString(), timeZone)}: ${bucket.failed} failed`,
      });
    }
  });

  const midnights = localMidnights(windowStartMs, windowEndMs, timeZone);
  const dayLines = midnights.map(({ ms, date }) => ({ x: xAt(ms), ms, date }));
  // Each local day's stretch of the window, labelled in its middle when wide enough.
  const edges = [{ ms: windowStartMs, date: localClock(windowStartMs, timeZone).date }, ...midnights, { ms: windowEndMs, date: "" }];
  const dayLabels: DayLabel[] = [];
  for (let index = 0; index < edges.length - 1; index += 1) {
    const from = edges[index]!;
    const to = edges[index + 1]!;
    if (to.ms - from.ms < CHART.minLabelledHours * HOUR_MS) continue;
    dayLabels.push({ x: xAt((from.ms + to.ms) / 2), date: from.date, text: shortDay(from.date) });
  }

  const ticks: AxisTick[] = [0, scaleMaxMs / 2, scaleMaxMs].map((ms) => ({ ms, y: round2(PLOT_BOTTOM - (ms / scaleMaxMs) * CHART.plotHeight), label: ms === 0 ? "0" : tickLabel(ms) }));

  return {
    width: CHART.width,
    height: CHART.height,
    plot: { left: CHART.plotLeft, top: CHART.plotTop, width: PLOT_WIDTH, height: CHART.plotHeight, bottom: PLOT_BOTTOM, right: CHART.plotLeft + PLOT_WIDTH },
    failureLane: { y: CHART.failureLaneTop, height: CHART.failureLaneHeight },
    dayLabelBaseline: CHART.dayLabelBaseline,
    scaleMaxMs,
    bars,
    failures,
    dayLines,
    dayLabels,
    ticks,
  };
}
