// Failures queued through /__control/faults, served to the next /rest calls in order, so
// tests and the demo can show how the client copes with a flaky PMS. "slow" is the gentle
// one: the call is answered normally, after a delay, as a busy Newbook does.
import * as z from "zod";

const FAULT_KINDS = ["500", "throttled", "hang", "html", "success_false", "401", "page", "slow"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultRequest = z
  .strictObject({
    kind: z.enum(FAULT_KINDS),
    count: z.int().min(1).max(1000).default(1),
    /** For "page": the 1-based bookings_list page (by data_offset / data_limit) that fails. */
    page: z.int().min(1).optional(),
    /** For "throttled": the Retry-After header. */
    retry_after_seconds: z.int().min(0).max(3600).optional(),
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
  retryAfterSeconds: number;
  delayMs: number;
}

/** A fault that hits whatever call comes next, as opposed to one bookings_list page. */
export type CallFault = Fault & { kind: Exclude<FaultKind, "page"> };

const isCallFault = (fault: Fault): fault is CallFault => fault.kind !== "page";

const DEFAULT_RETRY_AFTER_SECONDS = 30;

export interface FaultQueue {
  add(request: FaultRequest): void;
  clear(): void;
  pending(): readonly Fault[];
  /** The fault for the next call, unless the next queued one is a page fault. */
  takeForCall(): CallFault | null;
  /** True when the queued page fault targets this bookings_list page (and uses one up). */
  takeForPage(page: number): boolean;
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
        retryAfterSeconds: request.retry_after_seconds ?? DEFAULT_RETRY_AFTER_SECONDS,
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
    takeForPage(page) {
      const next = faults[0];
      if (!next || next.kind !== "page" || next.page !== page) return false;
      useOne(next);
      return true;
    },
  };
}
