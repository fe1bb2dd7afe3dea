// resOS allows 100 calls a minute per API key in FIXED windows that reset on the minute,
// and says on every response, in Retry-After, how many MILLISECONDS are left until the
// reset. Windows follow the clock's minutes, so the time left is known before the key is.
// The limit and window are options (fixed windows of any length, on the clock), so a test
// can watch a small window fill in seconds; every call the limit sees is recorded.
import type { CallRate } from "../../net/call-window";
import { callRecord, type RecordedCall } from "../../newbook/simulator/rate-limit";

export const RESOS_RATE: CallRate = { limit: 100, windowMs: 60_000 };

export type RateDecision = { allowed: boolean; retryAfterMs: number };

export interface FixedWindowLimiter {
  readonly rate: CallRate;
  /** Records the call when it is allowed; a refused call does not use up a slot. */
  take(apiKey: string, now: number): RateDecision;
  /** ms until the current window resets: 1..windowMs. */
  msUntilReset(now: number): number;
  /** The calls that reached the limit (the newest 10,000), oldest first, refused ones included. */
  record(): readonly RecordedCall[];
}

/** ms until the current window of `windowMs` resets: 1..windowMs. */
function msUntilReset(now: number, windowMs: number): number {
  return windowMs - (((now % windowMs) + windowMs) % windowMs);
}

export function fixedWindowLimiter(rate: CallRate = RESOS_RATE): FixedWindowLimiter {
  const windows = new Map<string, { window: number; calls: number }>();
  const recorded = callRecord();
  return {
    rate,
    take(apiKey, now) {
      const window = Math.floor(now / rate.windowMs);
      const current = windows.get(apiKey);
      const used = current?.window === window ? current.calls : 0;
      const retryAfterMs = msUntilReset(now, rate.windowMs);
      recorded.add({ at: now, allowed: used < rate.limit });
      if (used >= rate.limit) return { allowed: false, retryAfterMs };
      windows.set(apiKey, { window, calls: used + 1 });
      return { allowed: true, retryAfterMs };
    },
    msUntilReset: (now) => msUntilReset(now, rate.windowMs),
    record: recorded.list,
  };
}
