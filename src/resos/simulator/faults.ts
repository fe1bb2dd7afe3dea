// Failures queued through /__control/faults, served to the next /v1 calls in order, so
// tests and the demo can show how the client copes with a flaky restaurant API. Two kinds
// wait at the head of the queue for a /bookings page: "page" (that page fails) and
// "bad_records" (that answer also holds malformed bookings); the others hit whatever call
// comes next. "slow" is the gentle one: the call is answered normally, after a delay.
import * as z from "zod";

const FAULT_KINDS = ["500", "401", "throttled", "hang", "html", "page", "slow", "bad_records"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultRequest = z
  .strictObject({
    kind: z.enum(FAULT_KINDS),
    count: z.int().min(1).max(1000).default(1),
    /** For "page": the 1-based /bookings page (by skip / limit) that fails. */
    page: z.int().min(1).optional(),
    /** For "throttled": the Retry-After header, in ms as resOS sends it; default the time left in the rate window. */
    retry_after_ms: z.int().min(0).max(3_600_000).optional(),
    /** For "slow": how long the call waits before it is answered normally. */
    delay_ms: z.int().min(1).max(30_000).optional(),
  })
  .refine((fault) => fault.kind !== "page" || fault.page !== undefined, { message: 'a "page" fault needs the page number', path: ["page"] })
  .refine((fault) => fault.kind !== "slow" || fault.delay_ms !== undefined, { message: 'a "slow" fault needs delay_ms', path: ["delay_ms"] });
export type FaultRequest = z.infer<typeof FaultRequest>;

export interface Fault {
  kind: FaultKind;
  remaining: number;
  page: number | null;
  /** null: the time left in the rate-limit window, worked out when the fault is served. */
  retryAfterMs: number | null;
  delayMs: number;
}

type ListingKind = "page" | "bad_records";

/** A fault that hits whatever call comes next, as opposed to one waiting for a /bookings page. */
export type CallFault = Fault & { kind: Exclude<FaultKind, ListingKind> };

const isCallFault = (fault: Fault): fault is CallFault => fault.kind !== "page" && fault.kind !== "bad_records";

export interface FaultQueue {
  add(request: FaultRequest): void;
  clear(): void;
  pending(): readonly Fault[];
  /** The fault for the next call, unless the next queued one waits for a /bookings page. */
  takeForCall(): CallFault | null;
  /** What the queued fault does to this /bookings page, if it is for it (and uses one up). */
  takeForBookingsPage(page: number): ListingKind | null;
}

export function faultQueue(): FaultQueue {
  let faults: Fault[] = [];
  const useOne = (fault: Fault) => {
    fault.remaining--;
    if (fault.remaining === 0) faults.shift();
  };
  return {
    add(request) {
      faults.push({
        kind: request.kind,
        remaining: request.count,
        page: request.page ?? null,
        retryAfterMs: request.retry_after_ms ?? null,
        delayMs: request.delay_ms ?? 0,
      });
    },
    clear() {
      faults = [];
    },
    pending: () => faults.map((fault) => ({ ...fault })),
    takeForCall() {
      const next = faults[0];
      if (!next || !isCallFault(next)) return null;
      useOne(next);
      return next;
    },
    takeForBookingsPage(page) {
      const next = faults[0];
      if (!next || !(next.kind === "bad_records" || (next.kind === "page" && next.page === page))) return null;
      useOne(next);
      return next.kind;
    },
  };
}
