// Everything that can go wrong talking to resOS, as one error type whose message is fit to
// show a kitchen admin (never the API key, never a guest's details) and whose kind drives
// retries and backoff.

export type ResosErrorKind =
  | "auth" // the API key refused (401 / 403)
  | "throttled" // 429: wait retryAfterMs, then retry
  | "http" // any other non-2xx status
  | "bad_response" // not JSON, or not the list resOS sends
  | "timeout" // no answer, or an answer whose body stalled, within the time allowed
  | "network" // fetch itself failed: DNS, TLS, connection refused
  | "paging"; // /bookings kept sending full pages past the client's guard

export class ResosError extends Error {
  override name = "ResosError";
  constructor(
    readonly kind: ResosErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}

/**
 * resOS's Retry-After -> milliseconds from now; undefined when absent or unreadable.
 * Unlike HTTP's usual seconds, resOS sends MILLISECONDS until its rate window resets
 * ("1500" is 1.5 s, not 25 minutes). An HTTP date is tolerated in case a proxy in front
 * of resOS answers for it.
 */
export function parseResosRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed));
  // Date.parse would read a bare number as a year; only text with letters can be a date.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
