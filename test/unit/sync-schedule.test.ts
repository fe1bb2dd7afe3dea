import { describe, expect, it } from "vitest";
import {
  ALERT_AFTER_FAILURES,
  BACKOFF_BASE_MS,
  backoffCeilingMs,
  DEFAULT_SYNC_INTERVAL_MINUTES,
  LEASE_TTL_MS,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  MIN_RETRY_DELAY_MS,
  SYNC_INTERVALS_MINUTES,
  backoffDelayMs,
  isSyncInterval,
  leaseDecision,
  leaseExpiresAt,
  nextDueAfterRun,
  nextDueAfterSettingsChange,
  syncHealth,
  alertTransition,
} from "../../src/domain/sync-schedule";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 2026-11-21T12:00:00.000Z
const T = Date.UTC(2026, 10, 21, 12, 0, 0);
const fixed = (value: number) => () => value;
// The largest double below 1: the top of what Math.random can return.
const ALMOST_ONE = 1 - 2 ** -53;

describe("constants", () => {
  it("are the documented values", () => {
    expect(SYNC_INTERVALS_MINUTES).toEqual([5, 10, 15, 30, 60]);
    expect(DEFAULT_SYNC_INTERVAL_MINUTES).toBe(15);
    expect(BACKOFF_BASE_MS).toBe(60_000);
    expect(MAX_BACKOFF_MS).toBe(1_800_000);
    expect(MIN_RETRY_DELAY_MS).toBe(60_000);
    expect(MAX_RETRY_AFTER_MS).toBe(21_600_000);
    expect(ALERT_AFTER_FAILURES).toBe(5);
    expect(LEASE_TTL_MS).toBe(1_200_000);
  });
});

describe("isSyncInterval", () => {
  it.each([5, 10, 15, 30, 60])("accepts %d", (value) => {
    expect(isSyncInterval(value)).toBe(true);
  });

  it.each([0, 1, 4, 6, 14, 20, 45, 90, 120, -5, 15.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %d", (value) => {
    expect(isSyncInterval(value)).toBe(false);
  });
});

describe("backoffDelayMs", () => {
  const capped = [60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000, 1_800_000, 1_800_000, 1_800_000, 1_800_000, 1_800_000];
  const nearTop: Record<number, number[]> = {
    5: capped,
    10: capped,
    15: capped,
    30: capped,
    // An hourly kitchen waits up to its own interval.
    60: [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000],
  };

  it.each(SYNC_INTERVALS_MINUTES.map((interval) => [interval]))("doubles from 1 minute up to 30 minutes or the interval over 12 failures (%d-minute interval, top of the random range)", (interval) => {
    const sequence = Array.from({ length: 12 }, (_, i) => backoffDelayMs({ consecutiveFailures: i + 1, intervalMinutes: interval, random: fixed(ALMOST_ONE) }));
    expect(sequence).toEqual(nearTop[interval]);
  });

  it.each(SYNC_INTERVALS_MINUTES.map((interval) => [interval]))("is at most 30 minutes (or the %d-minute interval) after 10 failures, whatever the jitter draws", (interval) => {
    const ceiling = Math.max(30 * MINUTE, interval * MINUTE);
    expect(backoffCeilingMs(interval)).toBe(ceiling);
    for (const random of [0, 0.25, 0.5, 0.999999, ALMOST_ONE]) {
      const delay = backoffDelayMs({ consecutiveFailures: 10, intervalMinutes: interval, random: fixed(random) });
      expect(delay).toBeGreaterThanOrEqual(MIN_RETRY_DELAY_MS);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it("stays at the cap for very many failures (2^(n-1) overflowing to Infinity)", () => {
    expect(backoffDelayMs({ consecutiveFailures: 100, intervalMinutes: 60, random: fixed(ALMOST_ONE) })).toBe(3_600_000);
    expect(backoffDelayMs({ consecutiveFailures: 2000, intervalMinutes: 5, random: fixed(ALMOST_ONE) })).toBe(MAX_BACKOFF_MS);
    expect(backoffDelayMs({ consecutiveFailures: 2000, intervalMinutes: 5, random: fixed(0.5) })).toBe(900_000);
  });

  it("draws half the cap with random 0.5 (full jitter), never under the 1-minute floor", () => {
    const half = (interval: number) => [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelayMs({ consecutiveFailures: n, intervalMinutes: interval, random: fixed(0.5) }));
    expect(half(5)).toEqual([60_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
    expect(half(15)).toEqual([60_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
    expect(half(60)).toEqual([60_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000]);
  });

  it("spreads over the whole range: random 0.25 and 0.75 of a 16-minute cap", () => {
    expect(backoffDelayMs({ consecutiveFailures: 5, intervalMinutes: 5, random: fixed(0.25) })).toBe(240_000);
    expect(backoffDelayMs({ consecutiveFailures: 5, intervalMinutes: 5, random: fixed(0.75) })).toBe(720_000);
  });

  it("never waits less than the 1-minute floor, even when the jitter draws 0", () => {
    for (const interval of SYNC_INTERVALS_MINUTES) {
      for (const n of [1, 2, 8, 12]) {
        expect(backoffDelayMs({ consecutiveFailures: n, intervalMinutes: interval, random: fixed(0) })).toBe(60_000);
      }
    }
    // 0.1 of an 8-minute cap is 48 s: raised to the floor.
    expect(backoffDelayMs({ consecutiveFailures: 4, intervalMinutes: 5, random: fixed(0.1) })).toBe(60_000);
    // 0.3 of it is 144 s: above the floor, kept.
    expect(backoffDelayMs({ consecutiveFailures: 4, intervalMinutes: 5, random: fixed(0.3) })).toBe(144_000);
  });

  it("waits at least a Retry-After longer than the computed delay", () => {
    expect(backoffDelayMs({ consecutiveFailures: 1, intervalMinutes: 5, random: fixed(0.5), retryAfterMs: 600_000 })).toBe(600_000);
    expect(backoffDelayMs({ consecutiveFailures: 1, intervalMinutes: 5, random: fixed(0), retryAfterMs: 120_000 })).toBe(120_000);
    // Past the 30-minute cap: the server's word still wins.
    expect(backoffDelayMs({ consecutiveFailures: 12, intervalMinutes: 15, random: fixed(ALMOST_ONE), retryAfterMs: 2 * HOUR })).toBe(7_200_000);
    // Fractions of a millisecond round up, never below what was asked.
    expect(backoffDelayMs({ consecutiveFailures: 1, intervalMinutes: 5, random: fixed(0), retryAfterMs: 90_000.2 })).toBe(90_001);
  });

  it("is not lowered by a Retry-After shorter than the computed delay or the floor", () => {
    expect(backoffDelayMs({ consecutiveFailures: 5, intervalMinutes: 15, random: fixed(0.5), retryAfterMs: 30_000 })).toBe(480_000);
    expect(backoffDelayMs({ consecutiveFailures: 1, intervalMinutes: 5, random: fixed(0), retryAfterMs: 5_000 })).toBe(60_000);
    expect(backoffDelayMs({ consecutiveFailures: 8, intervalMinutes: 5, random: fixed(ALMOST_ONE), retryAfterMs: 10 * MINUTE })).toBe(1_800_000);
  });

  it("honours a Retry-After for at most 6 hours", () => {
    expect(backoffDelayMs({ consecutiveFailures: 1, intervalMinutes: 5, random: fixed(0.5), retryAfterMs: 6 * HOUR })).toBe(21_600_000);
    expect(backoffDelayMs({ consecutiveFailures: 1, intervalMinutes: 5, random: fixed(0.5), retryAfterMs: 365 * 24 * HOUR })).toBe(21_600_000);
  });

  it.each([0, -1, -60_000, Number.NaN, Number.POSITIVE_INFINITY])("ignores the meaningless Retry-After %d", (retryAfterMs) => {
    expect(backoffDelayMs({ consecutiveFailures: 4, intervalMinutes: 5, random: fixed(0.5), retryAfterMs })).toBe(240_000);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses %d consecutive failures", (consecutiveFailures) => {
    expect(() => backoffDelayMs({ consecutiveFailures, intervalMinutes: 5, random: fixed(0.5) })).toThrow(RangeError);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])("refuses the interval %d", (intervalMinutes) => {
    expect(() => backoffDelayMs({ consecutiveFailures: 1, intervalMinutes, random: fixed(0.5) })).toThrow(RangeError);
  });

  it.each([1, 1.5, -0.1, Number.NaN])("refuses a random source returning %d", (value) => {
    expect(() => backoffDelayMs({ consecutiveFailures: 1, intervalMinutes: 5, random: fixed(value) })).toThrow(/random\(\) must return a number in \[0, 1\)/);
  });

  it("asks the random source exactly once per delay", () => {
    let calls = 0;
    const random = () => {
      calls++;
      return 0.5;
    };
    backoffDelayMs({ consecutiveFailures: 4, intervalMinutes: 10, random, retryAfterMs: 1_000 });
    expect(calls).toBe(1);
  });
});

describe("nextDueAfterRun", () => {
  it.each(SYNC_INTERVALS_MINUTES.map((interval) => [interval]))("after a success is the finish + %d minutes, whatever failures or Retry-After came before", (interval) => {
    const next = nextDueAfterRun({ outcome: "success", finishedAtMs: T, intervalMinutes: interval, consecutiveFailures: 0, random: fixed(0.999999) });
    expect(next).toBe(T + interval * 60_000);
    expect(nextDueAfterRun({ outcome: "success", finishedAtMs: T, intervalMinutes: interval, consecutiveFailures: 7, retryAfterMs: 9 * HOUR, random: fixed(0) })).toBe(next);
  });

  it("after a failure is the finish + the backoff delay", () => {
    expect(nextDueAfterRun({ outcome: "failed", finishedAtMs: T, intervalMinutes: 15, consecutiveFailures: 1, random: fixed(0.5) })).toBe(T + 60_000);
    expect(nextDueAfterRun({ outcome: "failed", finishedAtMs: T, intervalMinutes: 15, consecutiveFailures: 5, random: fixed(0.5) })).toBe(T + 480_000);
    expect(nextDueAfterRun({ outcome: "failed", finishedAtMs: T, intervalMinutes: 15, consecutiveFailures: 9, random: fixed(ALMOST_ONE) })).toBe(T + 1_800_000);
    expect(nextDueAfterRun({ outcome: "failed", finishedAtMs: T, intervalMinutes: 15, consecutiveFailures: 1, random: fixed(0) })).toBe(T + 60_000);
    expect(nextDueAfterRun({ outcome: "failed", finishedAtMs: T, intervalMinutes: 15, consecutiveFailures: 1, random: fixed(0), retryAfterMs: 2 * HOUR })).toBe(T + 7_200_000);
  });

  it("refuses a failure counted as 0 failures", () => {
    expect(() => nextDueAfterRun({ outcome: "failed", finishedAtMs: T, intervalMinutes: 15, consecutiveFailures: 0, random: fixed(0.5) })).toThrow(RangeError);
  });

  it("after recovery, the next failure starts the backoff from a minute again", () => {
    // Failures 1..3, then a success resets the count, so the next failure is failure 1.
    const afterThird = nextDueAfterRun({ outcome: "failed", finishedAtMs: T, intervalMinutes: 10, consecutiveFailures: 3, random: fixed(ALMOST_ONE) });
    expect(afterThird).toBe(T + 4 * MINUTE);
    const recovered = nextDueAfterRun({ outcome: "success", finishedAtMs: afterThird, intervalMinutes: 10, consecutiveFailures: 0, random: fixed(ALMOST_ONE) });
    expect(recovered).toBe(T + 14 * MINUTE);
    expect(nextDueAfterRun({ outcome: "failed", finishedAtMs: recovered, intervalMinutes: 10, consecutiveFailures: 1, random: fixed(ALMOST_ONE) })).toBe(T + 15 * MINUTE);
  });
});

describe("the interval boundary", () => {
  it.each(SYNC_INTERVALS_MINUTES.map((interval) => [interval]))("a %d-minute kitchen is due exactly at the last success + the interval, not 1 ms before", (interval) => {
    const nextDueAtMs = nextDueAfterRun({ outcome: "success", finishedAtMs: T, intervalMinutes: interval, consecutiveFailures: 0, random: fixed(0.5) });
    const at = (nowMs: number) => leaseDecision({ kind: "scheduled", enabled: true, running: false, nowMs, nextDueAtMs });
    expect(at(T + interval * MINUTE - 1)).toEqual({ ok: false, reason: "not_due" });
    expect(at(T + interval * MINUTE)).toEqual({ ok: true });
    expect(at(T + interval * MINUTE + 1)).toEqual({ ok: true });
    expect(at(T)).toEqual({ ok: false, reason: "not_due" });
  });

  it("a backing-off kitchen is due exactly when the backoff ends", () => {
    const nextDueAtMs = nextDueAfterRun({ outcome: "failed", finishedAtMs: T, intervalMinutes: 5, consecutiveFailures: 4, random: fixed(0.5) });
    expect(nextDueAtMs).toBe(T + 240_000);
    expect(leaseDecision({ kind: "scheduled", enabled: true, running: false, nowMs: T + 239_999, nextDueAtMs })).toEqual({ ok: false, reason: "not_due" });
    expect(leaseDecision({ kind: "scheduled", enabled: true, running: false, nowMs: T + 240_000, nextDueAtMs })).toEqual({ ok: true });
  });
});

describe("leaseDecision", () => {
  const DUE = T;
  const NOT_DUE = T + 1;
  type Kind = "scheduled" | "manual" | "historical";
  // [kind, enabled, running, nextDueAtMs, expected]
  const matrix: [Kind, boolean, boolean, number | null, ReturnType<typeof leaseDecision>][] = [
    ["scheduled", true, false, DUE, { ok: true }],
    ["scheduled", true, false, T - HOUR, { ok: true }],
    ["scheduled", true, false, null, { ok: true }],
    ["scheduled", true, false, NOT_DUE, { ok: false, reason: "not_due" }],
    ["scheduled", true, true, DUE, { ok: false, reason: "running" }],
    ["scheduled", true, true, NOT_DUE, { ok: false, reason: "running" }],
    ["scheduled", true, true, null, { ok: false, reason: "running" }],
    ["scheduled", false, false, DUE, { ok: false, reason: "disabled" }],
    ["scheduled", false, false, NOT_DUE, { ok: false, reason: "disabled" }],
    ["scheduled", false, false, null, { ok: false, reason: "disabled" }],
    ["scheduled", false, true, DUE, { ok: false, reason: "disabled" }],
    ["manual", true, false, DUE, { ok: true }],
    ["manual", true, false, NOT_DUE, { ok: true }],
    ["manual", true, false, T + 6 * HOUR, { ok: true }],
    ["manual", true, false, null, { ok: true }],
    ["manual", false, false, null, { ok: true }],
    ["manual", false, false, NOT_DUE, { ok: true }],
    ["manual", true, true, DUE, { ok: false, reason: "running" }],
    ["manual", true, true, NOT_DUE, { ok: false, reason: "running" }],
    ["manual", false, true, null, { ok: false, reason: "running" }],
    ["historical", true, false, NOT_DUE, { ok: true }],
    ["historical", true, false, DUE, { ok: true }],
    ["historical", false, false, null, { ok: true }],
    ["historical", true, true, DUE, { ok: false, reason: "running" }],
    ["historical", false, true, NOT_DUE, { ok: false, reason: "running" }],
  ];

  it.each(matrix)("%s, enabled %s, running %s, next due %s -> %j", (kind, enabled, running, nextDueAtMs, expected) => {
    expect(leaseDecision({ kind, enabled, running, nowMs: T, nextDueAtMs })).toEqual(expected);
  });
});

describe("nextDueAfterSettingsChange", () => {
  const base = { enabled: true, wasEnabled: true, intervalMinutes: 15, lastSuccessAtMs: T - 10 * MINUTE, currentNextDueAtMs: T + 5 * MINUTE, nowMs: T, consecutiveFailures: 0 };

  it("disabling clears the next due time", () => {
    expect(nextDueAfterSettingsChange({ ...base, enabled: false })).toBeNull();
    expect(nextDueAfterSettingsChange({ ...base, enabled: false, wasEnabled: false, currentNextDueAtMs: null })).toBeNull();
    expect(nextDueAfterSettingsChange({ ...base, enabled: false, consecutiveFailures: 3 })).toBeNull();
  });

  it("enabling makes the kitchen due now, whatever came before", () => {
    expect(nextDueAfterSettingsChange({ ...base, wasEnabled: false, currentNextDueAtMs: null })).toBe(T);
    expect(nextDueAfterSettingsChange({ ...base, wasEnabled: false, lastSuccessAtMs: null, currentNextDueAtMs: null })).toBe(T);
    expect(nextDueAfterSettingsChange({ ...base, wasEnabled: false, currentNextDueAtMs: T + 3 * HOUR, consecutiveFailures: 6 })).toBe(T);
  });

  it("a shorter interval brings the next run forward", () => {
    // Last success 10 min ago, 15 -> 10 minutes: due now + 0 (exactly now).
    expect(nextDueAfterSettingsChange({ ...base, intervalMinutes: 10 })).toBe(T);
    // Last success 2 min ago, 15 -> 5: due in 3 minutes instead of 13.
    expect(nextDueAfterSettingsChange({ ...base, intervalMinutes: 5, lastSuccessAtMs: T - 2 * MINUTE, currentNextDueAtMs: T + 13 * MINUTE })).toBe(T + 3 * MINUTE);
  });

  it("a shorter interval that is already over makes the kitchen due now, not in the past", () => {
    // Last success 40 min ago, 60 -> 5: would have been due 35 min ago.
    expect(nextDueAfterSettingsChange({ ...base, intervalMinutes: 5, lastSuccessAtMs: T - 40 * MINUTE, currentNextDueAtMs: T + 20 * MINUTE })).toBe(T);
  });

  it("a longer interval pushes the next run back", () => {
    // Last success 10 min ago, 15 -> 60: due in 50 minutes instead of 5.
    expect(nextDueAfterSettingsChange({ ...base, intervalMinutes: 60 })).toBe(T + 50 * MINUTE);
    expect(nextDueAfterSettingsChange({ ...base, intervalMinutes: 30 })).toBe(T + 20 * MINUTE);
  });

  it("an unchanged interval keeps the next due time", () => {
    expect(nextDueAfterSettingsChange({ ...base })).toBe(T + 5 * MINUTE);
    expect(nextDueAfterSettingsChange({ ...base, consecutiveFailures: 0 })).toBe(T + 5 * MINUTE);
  });

  it("with no success yet, the kitchen is due now", () => {
    expect(nextDueAfterSettingsChange({ ...base, lastSuccessAtMs: null, intervalMinutes: 60 })).toBe(T);
    expect(nextDueAfterSettingsChange({ ...base, lastSuccessAtMs: null, intervalMinutes: 5, currentNextDueAtMs: null })).toBe(T);
  });

  it("a kitchen backing off keeps its backoff, shorter or longer interval alike", () => {
    const backingOff = { ...base, lastSuccessAtMs: T - 3 * HOUR, currentNextDueAtMs: T + 2 * HOUR, consecutiveFailures: 4 };
    expect(nextDueAfterSettingsChange({ ...backingOff, intervalMinutes: 5 })).toBe(T + 2 * HOUR);
    expect(nextDueAfterSettingsChange({ ...backingOff, intervalMinutes: 60 })).toBe(T + 2 * HOUR);
    expect(nextDueAfterSettingsChange({ ...backingOff, currentNextDueAtMs: T - MINUTE })).toBe(T);
    expect(nextDueAfterSettingsChange({ ...backingOff, currentNextDueAtMs: null })).toBe(T);
  });
});

describe("syncHealth", () => {
  const healthy = { enabled: true, consecutiveFailures: 0, lastSuccessAtMs: T - 5 * MINUTE, enabledSinceMs: T - 30 * 24 * HOUR, intervalMinutes: 15, nowMs: T };

  it("is null for a healthy kitchen", () => {
    expect(syncHealth(healthy)).toBeNull();
  });

  it("alerts at exactly 5 consecutive failures, not at 4", () => {
    expect(syncHealth({ ...healthy, consecutiveFailures: 4 })).toBeNull();
    expect(syncHealth({ ...healthy, consecutiveFailures: 5 })).toBe("alert");
    expect(syncHealth({ ...healthy, consecutiveFailures: 6 })).toBe("alert");
    expect(syncHealth({ ...healthy, consecutiveFailures: 50 })).toBe("alert");
  });

  it.each(SYNC_INTERVALS_MINUTES.map((interval) => [interval]))("is stale after more than twice the %d-minute interval since the last success, not at exactly twice", (interval) => {
    const twice = 2 * interval * MINUTE;
    expect(syncHealth({ ...healthy, intervalMinutes: interval, lastSuccessAtMs: T - twice })).toBeNull();
    expect(syncHealth({ ...healthy, intervalMinutes: interval, lastSuccessAtMs: T - twice - 1 })).toBe("stale");
  });

  it("with no success ever, counts from when the schedule was enabled", () => {
    expect(syncHealth({ ...healthy, lastSuccessAtMs: null, enabledSinceMs: T - 30 * MINUTE })).toBeNull();
    expect(syncHealth({ ...healthy, lastSuccessAtMs: null, enabledSinceMs: T - 30 * MINUTE - 1 })).toBe("stale");
    expect(syncHealth({ ...healthy, lastSuccessAtMs: null, enabledSinceMs: T })).toBeNull();
  });

  it("counts from the last success even when it is older than the enabling", () => {
    expect(syncHealth({ ...healthy, lastSuccessAtMs: T - 7 * 24 * HOUR, enabledSinceMs: T - MINUTE })).toBe("stale");
  });

  it("is null when neither a success nor the enabling time is known", () => {
    expect(syncHealth({ ...healthy, lastSuccessAtMs: null, enabledSinceMs: null })).toBeNull();
  });

  it("alert beats stale", () => {
    expect(syncHealth({ ...healthy, consecutiveFailures: 5, lastSuccessAtMs: T - 10 * HOUR })).toBe("alert");
    expect(syncHealth({ ...healthy, consecutiveFailures: 4, lastSuccessAtMs: T - 10 * HOUR })).toBe("stale");
  });

  it("is null when the schedule is disabled, even with failures or old data", () => {
    expect(syncHealth({ ...healthy, enabled: false, consecutiveFailures: 9, lastSuccessAtMs: T - 10 * HOUR })).toBeNull();
    expect(syncHealth({ ...healthy, enabled: false, lastSuccessAtMs: T - 10 * HOUR })).toBeNull();
    expect(syncHealth({ ...healthy, enabled: false, consecutiveFailures: 5 })).toBeNull();
  });
});

describe("leaseExpiresAt", () => {
  it("is 20 minutes after the lease was taken", () => {
    expect(leaseExpiresAt(T)).toBe(T + 1_200_000);
    expect(leaseExpiresAt(0)).toBe(1_200_000);
  });

  it("outlasts a queue consumer's 15-minute wall time and a single Newbook call's 30 s timeout", () => {
    expect(LEASE_TTL_MS).toBeGreaterThan(15 * MINUTE);
    expect(LEASE_TTL_MS).toBeGreaterThan(30_000);
  });
});

describe("alertTransition", () => {
  it("alerts once, on the run that makes the fifth failure in a row", () => {
    expect([0, 1, 2, 3].map((before) => alertTransition(before, before + 1))).toEqual([null, null, null, null]);
    expect(alertTransition(4, 5)).toBe("failing");
    expect(alertTransition(5, 6)).toBeNull();
    expect(alertTransition(40, 41)).toBeNull();
  });

  it("says recovered on the first success after an alert, and only then", () => {
    expect(alertTransition(5, 0)).toBe("recovered");
    expect(alertTransition(12, 0)).toBe("recovered");
    expect(alertTransition(4, 0)).toBeNull();
    expect(alertTransition(0, 0)).toBeNull();
  });
});
