// resOS allows 100 calls a minute per API key in FIXED windows that reset on the minute,
// and says on every response, in Retry-After, how many MILLISECONDS are left until the
// reset. Windows follow the clock's minutes, so the time left is known before the key is.

export const RATE_LIMIT = 100;
const WINDOW_MS = 60_000;

export type RateDecision = { allowed: boolean; retryAfterMs: number };

export interface FixedWindowLimiter {
  /** Records the call when it is allowed; a refused call does not use up a slot. */
  take(apiKey: string, now: number): RateDecision;
}

/** ms until the current window resets: 1..60000. */
export function msUntilReset(now: number): number {
  return WINDOW_MS - (((now % WINDOW_MS) + WINDOW_MS) % WINDOW_MS);
}

export function fixedWindowLimiter(limit = RATE_LIMIT): FixedWindowLimiter {
  const windows = new Map<string, { window: number; calls: number }>();
  return {
    take(apiKey, now) {
      const window = Math.floor(now / WINDOW_MS);
      const current = windows.get(apiKey);
      const used = current?.window === window ? current.calls : 0;
      const retryAfterMs = msUntilReset(now);
      if (used >= limit) return { allowed: false, retryAfterMs };
      windows.set(apiKey, { window, calls: used + 1 });
      return { allowed: true, retryAfterMs };
    },
  };
}
