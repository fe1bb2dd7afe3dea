// Everything that can go wrong talking to Newbook, as one error type whose message is fit
// to show a kitchen admin (never a credential) and whose kind drives retries and backoff.

export type NewbookErrorKind =
  | "auth" // Basic credentials refused
  | "throttled" // rate limit: wait, then retry
  | "api" // Newbook answered success "false"
  | "http" // an unexpected HTTP status
  | "bad_response" // not JSON, or not the shape Newbook sends
  | "timeout"
  | "network"
  | "paging"; // a list that never ends

export class NewbookError extends Error {
  override name = "NewbookError";
  constructor(
    readonly kind: NewbookErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}

/** Retry-After as seconds or an HTTP date -> milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
