// Newbook refuses more than 100 requests a minute per credential. A rolling window (not
// fixed minutes) so a client that bursts at a minute boundary is still caught, and the
// refusal can say exactly when the next slot frees.

export const RATE_LIMIT = 100;
const RATE_WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Records the call when it is allowed; a refused call does not use up a slot. */
  take(credential: string, now: number): RateDecision;
}

export function rollingWindowLimiter(limit = RATE_LIMIT, windowMs = RATE_WINDOW_MS): RateLimiter {
  const calls = new Map<string, number[]>();
  return {
    take(credential, now) {
      const recent = (calls.get(credential) ?? []).filter((at) => at > now - windowMs);
      calls.set(credential, recent);
      const oldest = recent[0];
      if (recent.length >= limit && oldest !== undefined) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
      }
      recent.push(now);
      return { allowed: true };
    },
  };
}
