// Newbook refuses more than 100 requests a minute per credential. A rolling window (not
// fixed minutes) so a client that bursts at a minute boundary is still caught, and the
// refusal can say exactly when the next slot frees. The limit and window are options, so a
// test can watch a small window fill in seconds; every call the limit sees is recorded with
// its time, so a test can count what any window held.
import type { CallRate } from "../../net/call-window";

export const NEWBOOK_RATE: CallRate = { limit: 100, windowMs: 60_000 };
/** The record keeps the newest calls only, so a long-lived demo does not grow without end. */
const MAX_RECORDED_CALLS = 10_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RecordedCall {
  /** The simulator's clock when the call arrived. */
  at: number;
  allowed: boolean;
}

export interface RateLimiter {
  readonly rate: CallRate;
  /** Records the call when it is allowed; a refused call does not use up a slot. */
  take(credential: string, now: number): RateDecision;
  /** The calls that reached the limit (the newest 10,000), oldest first, refused ones included. */
  record(): readonly RecordedCall[];
}

export function rollingWindowLimiter(rate: CallRate = NEWBOOK_RATE): RateLimiter {
  const calls = new Map<string, number[]>();
  const recorded = callRecord();
  return {
    rate,
    take(credential, now) {
      const recent = (calls.get(credential) ?? []).filter((at) => at > now - rate.windowMs);
      calls.set(credential, recent);
      const oldest = recent[0];
      if (recent.length >= rate.limit && oldest !== undefined) {
        recorded.add({ at: now, allowed: false });
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + rate.windowMs - now) / 1000)) };
      }
      recent.push(now);
      recorded.add({ at: now, allowed: true });
      return { allowed: true };
    },
    record: recorded.list,
  };
}

/** "per minute", "per 2 s": the limit's window in a refusal's words. */
export function perWindow(rate: CallRate): string {
  return rate.windowMs === 60_000 ? "per minute" : `per ${rate.windowMs / 1000} s`;
}

/** Throws a RangeError unless `rate` is a whole number of calls >= 1 per a whole number of ms >= 1. */
export function checkRate(rate: CallRate): CallRate {
  if (!(Number.isSafeInteger(rate.limit) && rate.limit >= 1)) throw new RangeError(`rateLimit.limit must be a whole number >= 1, not ${rate.limit}`);
  if (!(Number.isSafeInteger(rate.windowMs) && rate.windowMs >= 1)) throw new RangeError(`rateLimit.windowMs must be a whole number of ms >= 1, not ${rate.windowMs}`);
  return { limit: rate.limit, windowMs: rate.windowMs };
}

/** A bounded list of calls, shared by both simulators. */
export function callRecord(): { add(call: RecordedCall): void; list(): readonly RecordedCall[] } {
  let calls: RecordedCall[] = [];
  return {
    add(call) {
      calls.push(call);
      if (calls.length > 2 * MAX_RECORDED_CALLS) calls = calls.slice(-MAX_RECORDED_CALLS);
    },
    list: () => calls.slice(-MAX_RECORDED_CALLS),
  };
}
