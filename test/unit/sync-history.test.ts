import { describe, expect, it } from "vitest";
import { buildSyncHistory, HISTORY_HOURS, HISTORY_LOOKBACK_MS, historyWindow, HOUR_MS, localMidnights, type HistoryRun } from "../../src/domain/sync-history";
import type { SyncRunStatus } from "../../src/domain/sync-run";
import { formatDuration, formatRate } from "../../src/views/format";
import { CHART, describeHistory, durationScaleMax, layoutSyncChart, niceScaleMax } from "../../src/views/history/history-chart";

// 14:25 UTC on Saturday 21 November 2026: the window is 15:00 on 14 Nov to 15:00 on 21 Nov.
const NOW = Date.parse("2026-11-21T14:25:00.000Z");
const WINDOW_START = Date.parse("2026-11-14T15:00:00.000Z");
const WINDOW_END = Date.parse("2026-11-21T15:00:00.000Z");

function run(at: number | string, status: SyncRunStatus = "success", durationMs: number | null = 1000): HistoryRun {
  return { startedAt: typeof at === "string" ? at : new Date(at).toISOString(), status, durationMs };
}

/** The hour index of an instant in the window of NOW. */
function hourOf(at: number): number {
  return Math.floor((at - WINDOW_START) / HOUR_MS);
}

describe("historyWindow", () => {
  it("is the 168 clock hours ending with the current one", () => {
    expect(historyWindow(NOW)).toEqual({ startMs: WINDOW_START, endMs: WINDOW_END });
    expect((WINDOW_END - WINDOW_START) / HOUR_MS).toBe(HISTORY_HOURS);
  });

  it("starts a new hour at the top of the hour", () => {
    const top = Date.parse("2026-11-21T15:00:00.000Z");
    expect(historyWindow(top)).toEqual({ startMs: WINDOW_START + HOUR_MS, endMs: WINDOW_END + HOUR_MS });
    expect(historyWindow(top - 1)).toEqual({ startMs: WINDOW_START, endMs: WINDOW_END });
  });
});

describe("buildSyncHistory", () => {
  it("gives 168 empty hours and an empty summary for no runs", () => {
    const history = buildSyncHistory([], NOW);
    expect(history.buckets).toHaveLength(168);
    expect(history.buckets[0]!.startMs).toBe(WINDOW_START);
    expect(history.buckets[167]!.startMs).toBe(WINDOW_END - HOUR_MS);
    expect(history.buckets.every((b) => b.longestMs === null && b.succeeded === 0 && b.failed === 0)).toBe(true);
    expect(history.summary).toEqual({ runs: 0, finished: 0, succeeded: 0, failed: 0, running: 0, cancelled: 0, successRate: null, medianMs: null, longestMs: null });
    expect(describeHistory(history.summary)).toBe("No sync has run in the last 7 days.");
  });

  it("counts a week of successes as 100%", () => {
    const runs = Array.from({ length: 10 }, (_, i) => run(NOW - i * 10 * HOUR_MS, "success", 1000 + i * 100));
    const { summary } = buildSyncHistory(runs, NOW);
    expect(summary).toMatchObject({ runs: 10, finished: 10, succeeded: 10, failed: 0, successRate: 1, longestMs: 1900 });
    // Even count: the mean of the middle two (1400 and 1500).
    expect(summary.medianMs).toBe(1450);
    expect(describeHistory(summary)).toBe("100% of 10 finished runs succeeded in the last 7 days; none failed. Median 1.5 s, longest 1.9 s.");
  });

  it("puts mixed runs in their hours with the longest duration and the counts", () => {
    const hour = WINDOW_START + 40 * HOUR_MS;
    const runs = [
      run(hour + 5 * 60_000, "success", 1200),
      run(hour + 20 * 60_000, "failed", 3400),
      run(hour + 59 * 60_000 + 59_999, "success", 800),
      run(hour + HOUR_MS, "failed", 500), // the next hour
      run(hour - 1, "success", 9000), // the hour before
    ];
    const history = buildSyncHistory(runs, NOW);
    expect(history.buckets[40]).toEqual({ startMs: hour, longestMs: 3400, succeeded: 2, failed: 1 });
    expect(history.buckets[41]).toEqual({ startMs: hour + HOUR_MS, longestMs: 500, succeeded: 0, failed: 1 });
    expect(history.buckets[39]).toEqual({ startMs: hour - HOUR_MS, longestMs: 9000, succeeded: 1, failed: 0 });
    expect(history.summary).toMatchObject({ runs: 5, finished: 5, succeeded: 3, failed: 2, successRate: 0.6, medianMs: 1200, longestMs: 9000 });
    expect(describeHistory(history.summary)).toBe("60.0% of 5 finished runs succeeded in the last 7 days; 2 failed. Median 1.2 s, longest 9.0 s.");
  });

  it("is inclusive at the first hour's start and exclusive at the end of the current hour", () => {
    const runs = [
      run(WINDOW_START, "failed", 100), // inside: the first hour
      run(WINDOW_START - 1, "failed", 200), // outside
      run(NOW - HISTORY_LOOKBACK_MS, "failed", 300), // exactly 7 days ago: before the first hour, outside
      run(NOW, "success", 400), // inside: the current hour
      run(WINDOW_END - 1, "success", 500), // inside, a clock a little ahead
      run(WINDOW_END, "success", 600), // outside
    ];
    expect(NOW - HISTORY_LOOKBACK_MS).toBeLessThan(WINDOW_START);
    const history = buildSyncHistory(runs, NOW);
    expect(history.buckets[0]).toMatchObject({ failed: 1, longestMs: 100 });
    expect(history.buckets[167]).toMatchObject({ succeeded: 2, longestMs: 500 });
    expect(history.summary).toMatchObject({ runs: 3, finished: 3, failed: 1, succeeded: 2, longestMs: 500 });
  });

  it("leaves running and cancelled runs out of the rate and the durations, but counts them", () => {
    const runs = [run(NOW - HOUR_MS, "success", 1000), run(NOW - 2 * HOUR_MS, "failed", 2000), run(NOW, "running", null), run(NOW - 3 * HOUR_MS, "cancelled", 60_000)];
    const history = buildSyncHistory(runs, NOW);
    expect(history.summary).toMatchObject({ runs: 4, finished: 2, succeeded: 1, failed: 1, running: 1, cancelled: 1, successRate: 0.5, medianMs: 1500, longestMs: 2000 });
    // The cancelled run's minute does not make a bar.
    expect(history.buckets[hourOf(NOW - 3 * HOUR_MS)]!.longestMs).toBeNull();
    expect(describeHistory(history.summary)).toBe(
      "50.0% of 2 finished runs succeeded in the last 7 days; 1 failed. Not in the rate: 1 still running, 1 cancelled. Median 1.5 s, longest 2.0 s.",
    );
  });

  it("has no rate, never NaN, when nothing finished", () => {
    const { summary } = buildSyncHistory([run(NOW, "running", null), run(NOW - HOUR_MS, "cancelled", 500)], NOW);
    expect(summary.successRate).toBeNull();
    expect(summary.medianMs).toBeNull();
    expect(describeHistory(summary)).toBe("No sync has finished in the last 7 days: 1 still running, 1 cancelled.");
  });

  it("counts a finished run without a duration, but draws no bar for it", () => {
    const runs = [run(NOW - 5 * HOUR_MS, "failed", null), run(NOW - 6 * HOUR_MS, "success", 700), run(NOW - 7 * HOUR_MS, "success", 900), run(NOW - 8 * HOUR_MS, "success", 1100)];
    const history = buildSyncHistory(runs, NOW);
    expect(history.buckets[hourOf(NOW - 5 * HOUR_MS)]).toMatchObject({ failed: 1, longestMs: null });
    expect(history.summary).toMatchObject({ finished: 4, failed: 1, successRate: 0.75, medianMs: 900, longestMs: 1100 });
    const layout = layoutSyncChart(history, "Europe/London");
    expect(layout.bars).toHaveLength(3);
    expect(layout.failures).toHaveLength(1);
  });

  it("says nothing of durations when no finished run has one", () => {
    const { summary } = buildSyncHistory([run(NOW, "failed", null), run(NOW, "success", null)], NOW);
    expect(summary).toMatchObject({ finished: 2, medianMs: null, longestMs: null });
    expect(describeHistory(summary)).toBe("50.0% of 2 finished runs succeeded in the last 7 days; 1 failed.");
  });

  it("skips a run whose start cannot be read", () => {
    const { summary } = buildSyncHistory([run("not a date"), run(NOW)], NOW);
    expect(summary.runs).toBe(1);
  });

  it("matches the page's example sentence", () => {
    const runs: HistoryRun[] = [];
    for (let i = 0; i < 671; i += 1) runs.push(run(NOW - i * 12 * 60_000, i < 14 ? "failed" : "success", i === 0 ? 4500 : 1200));
    const { summary } = buildSyncHistory(runs, NOW);
    expect(summary).toMatchObject({ finished: 671, failed: 14 });
    expect(describeHistory(summary)).toBe("97.9% of 671 finished runs succeeded in the last 7 days; 14 failed. Median 1.2 s, longest 4.5 s.");
  });
});

describe("formatRate", () => {
  it.each([
    [1, "100%"],
    [0, "0%"],
    [657 / 671, "97.9%"],
    [2 / 3, "66.7%"],
    [0.5, "50.0%"],
    [999 / 1000, "99.9%"],
    [1999 / 2000, "99.9%"], // 99.95% would round to 100%: a failure stays visible
    [1 / 2000, "0.1%"], // 0.05% would round to 0%: a success stays visible
    [0.9994, "99.9%"],
    [0.1234, "12.3%"],
  ])("%s is %s", (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [850, "850 ms"],
    [999, "999 ms"],
    [1000, "1.0 s"],
    [1234, "1.2 s"],
    [59_949, "59.9 s"],
    [59_950, "1 min"],
    [125_000, "2 min 5 s"],
    [3_599_000, "59 min 59 s"],
    [3_600_000, "1 h"],
    [3_780_000, "1 h 3 min"],
  ])("%s ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("the duration scale", () => {
  it("rounds the top up to a value easy to read", () => {
    expect([1, 100, 101, 950, 1001, 4500, 5000, 5001, 45_000, 61_000, 3_600_001].map(niceScaleMax)).toEqual([
      100, 100, 200, 1000, 2000, 5000, 5000, 10_000, 60_000, 120_000, 7_200_000,
    ]);
  });

  it("is one second with nothing to show", () => {
    expect(durationScaleMax([])).toBe(1000);
    expect(durationScaleMax([0, 0])).toBe(100);
  });

  it("takes the longest hour when nothing stands out", () => {
    expect(durationScaleMax([1000, 1500, 4500, 2000])).toBe(5000);
    // With fewer than ten hours the 90th percentile is the longest, so nothing is cut.
    expect(durationScaleMax([1000, 1000, 600_000])).toBe(600_000);
  });

  it("is not flattened by one huge outlier: the outlier goes over the top", () => {
    const runs = Array.from({ length: 30 }, (_, i) => run(WINDOW_START + i * HOUR_MS, "success", 1000 + i * 100));
    runs.push(run(WINDOW_START + 100 * HOUR_MS, "success", 600_000)); // a ten-minute historical sync
    const layout = layoutSyncChart(buildSyncHistory(runs, NOW), "UTC");
    // The 90th percentile of the 31 hours is 3,700 ms; twice that rounds up to 10 s.
    expect(layout.scaleMaxMs).toBe(10_000);
    const outlier = layout.bars.find((bar) => bar.durationMs === 600_000)!;
    expect(outlier).toMatchObject({ overScale: true, height: CHART.plotHeight, y: CHART.plotTop });
    const ordinary = layout.bars.filter((bar) => bar !== outlier);
    expect(ordinary).toHaveLength(30);
    expect(ordinary.every((bar) => !bar.overScale)).toBe(true);
    // The shortest ordinary run (1 s) is a tenth of the plot, not a sliver.
    expect(Math.min(...ordinary.map((bar) => bar.height))).toBe(10);
    // A shared scale: twice the duration is twice the height.
    const at = (ms: number) => ordinary.find((bar) => bar.durationMs === ms)!.height;
    expect(at(2400)).toBeCloseTo(at(1200) * 2, 5);
  });
});

describe("layoutSyncChart", () => {
  it("places each hour's bar and failure mark on the plot", () => {
    const hour = WINDOW_START + 10 * HOUR_MS;
    const history = buildSyncHistory([run(hour + 60_000, "success", 2000), run(hour + 120_000, "failed", 4000), run(hour + 180_000, "failed", 1000), run(WINDOW_START, "success", 1000)], NOW);
    const layout = layoutSyncChart(history, "UTC");
    expect(layout.scaleMaxMs).toBe(5000);
    expect(layout.bars).toHaveLength(2);
    const bar = layout.bars.find((b) => b.hourStartMs === hour)!;
    const left = CHART.plotLeft + 10 * CHART.hourWidth;
    expect(bar.x).toBeCloseTo(left + CHART.barGap / 2, 1);
    expect(bar.width).toBeCloseTo(CHART.hourWidth - CHART.barGap, 1);
    expect(bar.height).toBeCloseTo((4000 / 5000) * CHART.plotHeight, 1);
    expect(bar.y + bar.height).toBeCloseTo(CHART.plotTop + CHART.plotHeight, 1);
    // One mark per hour with failures, however many failed in it.
    expect(layout.failures).toHaveLength(1);
    expect(layout.failures[0]).toMatchObject({ hourStartMs: hour, failed: 2, y: CHART.failureLaneTop, label: "15 Nov 2026, 01:00: 2 failed" });
    expect(layout.failures[0]!.x + layout.failures[0]!.width / 2).toBeCloseTo(left + CHART.hourWidth / 2, 1);
    // Ticks at 0, half and the top.
    expect(layout.ticks.map((t) => t.label)).toEqual(["0", "2.5 s", "5 s"]);
    expect(layout.ticks.map((t) => t.y)).toEqual([CHART.plotTop + CHART.plotHeight, CHART.plotTop + CHART.plotHeight / 2, CHART.plotTop]);
  });

  it("keeps a very short run visible", () => {
    const layout = layoutSyncChart(buildSyncHistory([run(NOW, "success", 3), run(NOW - HOUR_MS, "success", 5000)], NOW), "UTC");
    expect(layout.bars.find((b) => b.durationMs === 3)!.height).toBe(CHART.minBarHeight);
  });

  it("draws nothing but the frame for no runs", () => {
    const layout = layoutSyncChart(buildSyncHistory([], NOW), "Europe/London");
    expect(layout.bars).toEqual([]);
    expect(layout.failures).toEqual([]);
    expect(layout.scaleMaxMs).toBe(1000);
    expect(layout.dayLines).toHaveLength(7);
  });

  it("fits inside the viewBox", () => {
    const layout = layoutSyncChart(buildSyncHistory([run(NOW, "failed", 10_000)], NOW), "Europe/London");
    expect(layout.plot.right).toBeLessThanOrEqual(layout.width);
    expect(layout.plot.width).toBeCloseTo(HISTORY_HOURS * CHART.hourWidth, 5);
    expect(layout.failureLane.y + layout.failureLane.height).toBeLessThan(layout.dayLabelBaseline);
    expect(layout.dayLabelBaseline).toBeLessThanOrEqual(layout.height);
    for (const label of layout.dayLabels) expect(label.x).toBeGreaterThan(layout.plot.left);
  });

  it("draws day lines at the kitchen's midnights, and labels the days", () => {
    // In London in November midnight is 00:00 UTC.
    const layout = layoutSyncChart(buildSyncHistory([], NOW), "Europe/London");
    expect(layout.dayLines.map((l) => l.date)).toEqual(["2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"]);
    expect(layout.dayLines[0]!.ms).toBe(Date.parse("2026-11-15T00:00:00Z"));
    expect(layout.dayLines[0]!.x).toBeCloseTo(CHART.plotLeft + 9 * CHART.hourWidth, 1);
    // 14 Nov has 9 hours in the window: too narrow to label; the six whole days are, and today always is.
    expect(layout.dayLabels.map((l) => l.text)).toEqual(["Sun 15", "Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Today"]);
    const monday = layout.dayLabels[1]!;
    expect(monday.x).toBeCloseTo((layout.dayLines[1]!.x + layout.dayLines[2]!.x) / 2, 1);
  });

  it("names today even two hours after midnight, in place of yesterday's name rather than over it", () => {
    const early = Date.parse("2026-11-21T02:00:00Z");
    const labels = layoutSyncChart(buildSyncHistory([], early), "Europe/London").dayLabels;
    expect(labels.at(-1)!.text).toBe("Today");
    expect(labels.map((l) => l.text)).not.toContain("Fri 20");
    for (let index = 1; index < labels.length; index++) expect(labels[index]!.x - labels[index - 1]!.x).toBeGreaterThanOrEqual(2 * CHART.labelHalfWidth);
    expect(labels.at(-1)!.x).toBeLessThanOrEqual(CHART.plotLeft + 168 * CHART.hourWidth - CHART.labelHalfWidth);
  });

  it("follows the kitchen's zone: New York's midnight is 05:00 UTC in November", () => {
    const layout = layoutSyncChart(buildSyncHistory([], NOW), "America/New_York");
    expect(layout.dayLines[0]).toMatchObject({ ms: Date.parse("2026-11-15T05:00:00Z"), date: "2026-11-15" });
  });

  it("puts midnight between hours in a half-hour zone", () => {
    const layout = layoutSyncChart(buildSyncHistory([], NOW), "Asia/Kolkata");
    const first = layout.dayLines[0]!;
    expect(first).toMatchObject({ ms: Date.parse("2026-11-14T18:30:00Z"), date: "2026-11-15" });
    expect(first.x).toBeCloseTo(CHART.plotLeft + 3.5 * CHART.hourWidth, 1);
  });
});

describe("across a DST change (Europe/London, 25 October 2026)", () => {
  // Clocks go back at 02:00 BST (01:00 UTC): 01:30 happens twice, and 25 October has 25 hours.
  const now = Date.parse("2026-10-27T12:10:00.000Z");

  it("puts the two 01:30s in different hours, one after the other", () => {
    const first = run("2026-10-25T00:30:00.000Z", "success", 1000); // 01:30 BST
    const second = run("2026-10-25T01:30:00.000Z", "failed", 2000); // 01:30 GMT
    const history = buildSyncHistory([first, second], now);
    const hours = history.buckets.flatMap((bucket, index) => (bucket.succeeded + bucket.failed > 0 ? [index] : []));
    expect(hours).toHaveLength(2);
    expect(hours[1]! - hours[0]!).toBe(1);
    expect(history.buckets[hours[0]!]).toMatchObject({ startMs: Date.parse("2026-10-25T00:00:00Z"), succeeded: 1 });
    expect(history.buckets[hours[1]!]).toMatchObject({ startMs: Date.parse("2026-10-25T01:00:00Z"), failed: 1 });
    // The mark is labelled in local time: the second 01:00, in GMT.
    const layout = layoutSyncChart(history, "Europe/London");
    expect(layout.failures.map((m) => m.label)).toEqual(["25 Oct 2026, 01:00: 1 failed"]);
    const bars = layout.bars.map((b) => b.x);
    expect(bars[1]! - bars[0]!).toBeCloseTo(CHART.hourWidth, 1);
  });

  it("makes the 25-hour day wider than the others", () => {
    const layout = layoutSyncChart(buildSyncHistory([], now), "Europe/London");
    const line = (date: string) => layout.dayLines.find((l) => l.date === date)!;
    expect(line("2026-10-25").ms).toBe(Date.parse("2026-10-24T23:00:00Z")); // BST midnight
    expect(line("2026-10-26").ms).toBe(Date.parse("2026-10-26T00:00:00Z")); // GMT midnight
    expect(line("2026-10-26").x - line("2026-10-25").x).toBeCloseTo(25 * CHART.hourWidth, 1);
    expect(line("2026-10-25").x - line("2026-10-24").x).toBeCloseTo(24 * CHART.hourWidth, 1);
  });

  it("makes the 23-hour spring day narrower (29 March 2026)", () => {
    const midnights = localMidnights(Date.parse("2026-03-27T12:00:00Z"), Date.parse("2026-03-31T12:00:00Z"), "Europe/London");
    expect(midnights).toEqual([
      { ms: Date.parse("2026-03-28T00:00:00Z"), date: "2026-03-28" },
      { ms: Date.parse("2026-03-29T00:00:00Z"), date: "2026-03-29" },
      { ms: Date.parse("2026-03-29T23:00:00Z"), date: "2026-03-30" },
      { ms: Date.parse("2026-03-30T23:00:00Z"), date: "2026-03-31" },
    ]);
  });
});

describe("localMidnights", () => {
  it("leaves out a midnight on either edge", () => {
    const start = Date.parse("2026-11-15T00:00:00Z");
    const end = Date.parse("2026-11-17T00:00:00Z");
    expect(localMidnights(start, end, "UTC").map((m) => m.date)).toEqual(["2026-11-16"]);
    expect(localMidnights(start - 1, end + 1, "UTC").map((m) => m.date)).toEqual(["2026-11-15", "2026-11-16", "2026-11-17"]);
  });

  it("crosses the date line", () => {
    // Auckland is UTC+13 in November: its midnight is 11:00 UTC the day before.
    expect(localMidnights(Date.parse("2026-11-20T00:00:00Z"), Date.parse("2026-11-21T00:00:00Z"), "Pacific/Auckland")).toEqual([
      { ms: Date.parse("2026-11-20T11:00:00Z"), date: "2026-11-21" },
    ]);
  });
});
