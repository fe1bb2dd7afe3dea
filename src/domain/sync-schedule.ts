// The rules of a kitchen's sync schedule: when the next run is due, how long a failing
// kitchen backs off, whether a run may take the lease now, how a settings change moves the
// next due time, and which banner a page shows. Pure: the clock (`nowMs`, `finishedAtMs`,
// ...) and the random source are parameters, so the kitchen's Durable Object (the one
// authority) and the tests get the same exact answers.
//
// Every instant is epoch milliseconds. "Due" means `nowMs >= nextDueAtMs`.
import type { SyncRunKind } from "./sync-run";

export const SYNC_INTERVALS_MINUTES = [5, 10, 15, 30, 60] as const;
export type SyncIntervalMinutes = (typeof SYNC_INTERVALS_MINUTES)[number];
export const DEFAULT_SYNC_INTERVAL_MINUTES: SyncIntervalMinutes = 15;
/** How many days after today the scheduled sync and "Sync now" cover. */
export const MAX_DAYS_AHEAD = 30;
export const DEFAULT_DAYS_AHEAD = 7;

const MINUTE_MS = 60_000;

/** The first wait after a failure, doubled at each failure in a row (before the jitter). */
export const BACKOFF_BASE_MS = MINUTE_MS;
/**
 * The longest computed wait: a kitchen whose Newbook was down for ten minutes at 16:00
 * must be back before the evening service, not hours later. A kitchen syncing less often
 * than this waits its own interval instead.
 */
export const MAX_BACKOFF_MS = 30 * MINUTE_MS;

/**
 * The shortest wait after a failure, whatever the jitter drew. Full jitter can draw 0, and
 * a kitchen whose sync fails at once (bad credentials) must not go round the cron -> queue
 * -> sync loop every tick; the cron fires once a minute, so a shorter wait would buy nothing.
 */
export const MIN_RETRY_DELAY_MS = MINUTE_MS;

/**
 * The longest Retry-After honoured. An API's Retry-After always wins over a shorter
 * computed delay, even past MAX_BACKOFF_MS, but a broken header (an HTTP date years
 * ahead) must not silence a kitchen for good: it then tries again after 6 hours.
 */
export const MAX_RETRY_AFTER_MS = 6 * 60 * MINUTE_MS;

/** Consecutive failures at which the red banner, the critical log line and the webhook fire. */
export const ALERT_AFTER_FAILURES = 5;

/**
 * How long a lease lives without a `finish`. A queue consumer invocation may run for at
 * most 15 minutes of wall time on Cloudflare, and one run's own limits (30 s per Newbook
 * call, at most 100 calls a minute) end well inside that; 20 minutes is strictly longer,
 * so a lease only expires once its holder is certainly gone (never under a slow but live
 * run, which would let a second run overlap it). The price: a crashed run delays the
 * kitchen's next attempt by at most 20 minutes.
 */
export const LEASE_TTL_MS = 20 * MINUTE_MS;

export type LeaseRefusal = "running" | "disabled" | "not_due";
export type LeaseDecision = { ok: true } | { ok: false; reason: LeaseRefusal };
export type SyncHealth = "alert" | "stale" | null;

export function isSyncInterval(value: number): value is SyncIntervalMinutes {
  return (SYNC_INTERVALS_MINUTES as readonly number[]).includes(value);
}

function intervalMs(intervalMinutes: number): number {
  if (!(Number.isFinite(intervalMinutes) && intervalMinutes > 0)) {
    throw new RangeError(`intervalMinutes must be a positive number of minutes, not ${intervalMinutes}`);
  }
  return intervalMinutes * MINUTE_MS;
}

/** The most a failing kitchen waits before trying again, whatever the streak: 30 minutes, or its interval when that is longer. */
export function backoffCeilingMs(intervalMinutes: number): number {
  return Math.max(MAX_BACKOFF_MS, intervalMs(intervalMinutes));
}

/**
 * The wait before the next attempt after `consecutiveFailures` (n >= 1) failures in a row.
 *
 * Full jitter: a whole number of ms drawn uniformly from [0, cap], where
 * cap = min(backoffCeilingMs(interval), BACKOFF_BASE_MS * 2^(n-1)): 1, 2, 4, 8, 16 minutes,
 * then 30 (or the interval, when longer) from the 6th failure on. Then raised to at least
 * MIN_RETRY_DELAY_MS (1 minute), and to at least the API's Retry-After when it gave one (up
 * to MAX_RETRY_AFTER_MS). A missing, negative or non-finite Retry-After is ignored.
 * `random` returns a number in [0, 1); anything else is a bug and throws, as does n < 1 or
 * a non-whole n.
 */
export function backoffDelayMs(input: { consecutiveFailures: number; intervalMinutes: number; retryAfterMs?: number | undefined; random: () => number }): number {
  const n = input.consecutiveFailures;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`consecutiveFailures must be a whole number >= 1, not ${n}`);
  // 2 ** (n - 1) becomes Infinity for very large n; min() still gives the cap.
  const cap = Math.min(backoffCeilingMs(input.intervalMinutes), BACKOFF_BASE_MS * 2 ** (n - 1));
  const r = input.random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1), not ${r}`);
  // floor(r * (cap + 1)) is uniform over 0..cap; min() guards the rounding of r just below 1.
  const jittered = Math.min(cap, Math.floor(r * (cap + 1)));
  const retryAfter = input.retryAfterMs;
  const honoured = retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(MAX_RETRY_AFTER_MS, Math.ceil(retryAfter)) : 0;
  return Math.max(MIN_RETRY_DELAY_MS, jittered, honoured);
}

/**
 * When the next run is due after one finished (epoch ms). Success: `finishedAtMs` + the
 * interval. Failure: `finishedAtMs` + backoffDelayMs, with `consecutiveFailures` counting
 * the run that just failed (so >= 1); it is ignored on success, which resets the count.
 */
export function nextDueAfterRun(input: {
  outcome: "success" | "failed";
  finishedAtMs: number;
  intervalMinutes: number;
  consecutiveFailures: number;
  retryAfterMs?: number | undefined;
  random: () => number;
}): number {
  if (input.outcome === "success") return input.finishedAtMs + intervalMs(input.intervalMinutes);
  return input.finishedAtMs + backoffDelayMs(input);
}

/**
 * Whether a run may take the lease now.
 * - Single-flight is absolute: no kind starts while a run holds the lease ("running").
 * - "scheduled" (the cron's runs) also needs the schedule enabled and the kitchen due:
 *   `nowMs >= nextDueAtMs`, a null next due meaning due now. A kitchen backing off is
 *   simply not due yet: its next due time already carries the backoff. When both apply,
 *   "disabled" is the reason given before "running", as it outlasts the run.
 * - "manual" ("Sync now") and "historical" are an admin's explicit request: they skip the
 *   due time and the backoff wait, and run even while the schedule is disabled (disabling
 *   stops the automatic runs, not the button).
 */
export function leaseDecision(input: { kind: SyncRunKind; enabled: boolean; running: boolean; nowMs: number; nextDueAtMs: number | null }): LeaseDecision {
  if (input.kind === "scheduled" && !input.enabled) return { ok: false, reason: "disabled" };
  if (input.running) return { ok: false, reason: "running" };
  if (input.kind === "scheduled" && input.nextDueAtMs !== null && input.nowMs < input.nextDueAtMs) return { ok: false, reason: "not_due" };
  return { ok: true };
}

/**
 * The next due time after an admin saves the settings.
 * - Disabled: null (no scheduled runs).
 * - Just enabled (was disabled): `nowMs`, due at once.
 * - Still enabled, healthy (`consecutiveFailures` 0): the last success + the new interval,
 *   so a shorter interval brings the next run forward and a longer one pushes it back
 *   (equal to the brief's min(current, lastSuccess + new) when shortened); never a
 *   success yet: `nowMs`.
 * - Still enabled, backing off (`consecutiveFailures` > 0): the current next due stands
 *   (the backoff is not cut short nor stretched by a settings save; the next outcome uses
 *   the new interval; "Sync now" is the way to retry at once). Null current: `nowMs`.
 * The answer is never earlier than `nowMs`: an overdue kitchen shows as due now.
 */
export function nextDueAfterSettingsChange(input: {
  enabled: boolean;
  wasEnabled: boolean;
  intervalMinutes: number;
  lastSuccessAtMs: number | null;
  currentNextDueAtMs: number | null;
  nowMs: number;
  consecutiveFailures: number;
}): number | null {
  if (!input.enabled) return null;
  if (!input.wasEnabled) return input.nowMs;
  const interval = intervalMs(input.intervalMinutes);
  let next: number;
  if (input.consecutiveFailures > 0) next = input.currentNextDueAtMs ?? input.nowMs;
  else next = input.lastSuccessAtMs === null ? input.nowMs : input.lastSuccessAtMs + interval;
  return Math.max(input.nowMs, next);
}

/**
 * The banner a kitchen's pages show.
 * - null when the schedule is disabled: nobody expects fresh data, and manual runs show
 *   their own outcome.
 * - "alert" (red) at ALERT_AFTER_FAILURES consecutive failures or more; it wins over stale.
 * - "stale" (amber) when more than twice the interval has passed (exactly twice is not
 *   yet stale) since the last success or, with no success ever, since the schedule was
 *   enabled (`enabledSinceMs`). Neither known: null.
 */
export function syncHealth(input: {
  enabled: boolean;
  consecutiveFailures: number;
  lastSuccessAtMs: number | null;
  enabledSinceMs: number | null;
  intervalMinutes: number;
  nowMs: number;
}): SyncHealth {
  if (!input.enabled) return null;
  if (input.consecutiveFailures >= ALERT_AFTER_FAILURES) return "alert";
  const since = input.lastSuccessAtMs ?? input.enabledSinceMs;
  if (since === null) return null;
  return input.nowMs - since > 2 * intervalMs(input.intervalMinutes) ? "stale" : null;
}

export type SyncAlert = "failing" | "recovered";

/**
 * Whether a run's outcome raises an alert: "failing" on the run that makes the streak reach
 * ALERT_AFTER_FAILURES (once, not again at 6, 7, ...), "recovered" on the first success
 * after an alert was raised. `before` and `after` are the consecutive failures either side.
 */
export function alertTransition(before: number, after: number): SyncAlert | null {
  if (before < ALERT_AFTER_FAILURES && after >= ALERT_AFTER_FAILURES) return "failing";
  if (before >= ALERT_AFTER_FAILURES && after === 0) return "recovered";
  return null;
}

/** When a lease taken at `takenAtMs` expires if its holder never reports back. */
export function leaseExpiresAt(takenAtMs: number): number {
  return takenAtMs + LEASE_TTL_MS;
}
