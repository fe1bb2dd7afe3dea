// The sync History page's chart: a week of runs as an inline SVG's geometry (bars per hour,
// failure marks, day lines and labels, the duration scale) and the summary in words.
// Pure: drawn from buildSyncHistory's buckets and the kitchen's time zone.
import { todayInZone } from "../../domain/dates";
import { HISTORY_HOURS, HOUR_MS, localMidnights, type HistorySummary, type SyncHistory } from "../../domain/sync-history";
import { dateHeading, formatDuration, formatInstant, formatRate } from "../format";

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
  /** Half the width a day's label takes ("Today", "Mon 30"), at 10-unit text. */
  labelHalfWidth: 15,
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
  const edges = [{ ms: windowStartMs, date: todayInZone(timeZone, new Date(windowStartMs)) }, ...midnights, { ms: windowEndMs, date: "" }];
  const dayLabels: DayLabel[] = [];
  const today = todayInZone(timeZone, new Date(windowEndMs - 1));
  for (let index = 0; index < edges.length - 1; index += 1) {
    const from = edges[index]!;
    const to = edges[index + 1]!;
    const isToday = from.date === today;
    // Today is always named, however little of it has gone: it is where a person looks first.
    if (to.ms - from.ms < CHART.minLabelledHours * HOUR_MS && !isToday) continue;
    const x = isToday ? Math.min(xAt((from.ms + to.ms) / 2), round2(CHART.plotLeft + PLOT_WIDTH - CHART.labelHalfWidth)) : xAt((from.ms + to.ms) / 2);
    // A short today pushes yesterday's name out rather than writing over it.
    const previous = dayLabels.at(-1);
    if (isToday && previous !== undefined && x - previous.x < 2 * CHART.labelHalfWidth) dayLabels.pop();
    dayLabels.push({ x, date: from.date, text: isToday ? "Today" : shortDay(from.date) });
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
