// The arithmetic of call slots, pure: given the calls already made or promised for one
// credential, when may the next one go? Newbook refuses more than 100 calls in any rolling
// minute, resOS more than 100 in a clock minute; a sliding window of `limit` calls per
// `windowMs` keeps under both (any fixed minute lies inside some sliding one). The pacer of
// one isolate (call-pacer.ts) and the limiter every isolate shares (src/limits/) both
// answer from here.
//
// Slots are handed out in the order they are asked for, each at the earliest time that keeps
// every window within the limit: the k-th slot is never sooner than one spacing after the
// (k - limit)-th. So any `limit + 1` slots in a row span at least the spacing, and no window
// of `windowMs` holds more than `limit` of them. The spacing is the window plus a guard:
// a slot is a promise of a time, and the call it stands for reaches the API a little later
// (the answer travels back, a timer fires late); the guard absorbs the difference between
// two such delays, so the calls as the API sees them keep the limit too.

export interface CallRate {
  /** Calls allowed in any window. */
  limit: number;
  windowMs: number;
}

export interface SlotTerms extends CallRate {
  /** Added to the window between a call and the `limit`-th after it (see above); 0 in one isolate. */
  guardMs: number;
  /** The longest the caller will wait for its slot; a later slot is refused, not handed out. */
  budgetMs: number;
}

export type SlotDecision =
  /** Call at `at` (epoch ms), `waitMs` from now; the slot is the caller's and counts from then. */
  | { ok: true; at: number; waitMs: number }
  /** The slot would come `retryAfterMs` from now, past the budget; nothing was taken. */
  | { ok: false; retryAfterMs: number };

/** Throws a RangeError naming the first term that is not a usable number. */
export function checkSlotTerms(terms: SlotTerms): void {
  if (!(Number.isSafeInteger(terms.limit) && terms.limit >= 1)) throw new RangeError(`limit must be a whole number >= 1, not ${terms.limit}`);
  if (!(Number.isFinite(terms.windowMs) && terms.windowMs > 0)) throw new RangeError(`windowMs must be a positive number, not ${terms.windowMs}`);
  if (!(Number.isFinite(terms.guardMs) && terms.guardMs >= 0)) throw new RangeError(`guardMs must be a number >= 0, not ${terms.guardMs}`);
  if (!(terms.budgetMs >= 0)) throw new RangeError(`budgetMs must be a number >= 0, not ${terms.budgetMs}`);
}

/** The time between a slot and the `limit`-th slot after it. */
function slotSpacingMs(terms: Pick<SlotTerms, "windowMs" | "guardMs">): number {
  return terms.windowMs + terms.guardMs;
}

/**
 * Slots at or before this time no longer hold anything back at `nowMs`: a store may forget
 * them. (Every slot after it is still needed: a slot held back by one that is forgotten
 * could come no later than now.)
 */
export function forgettableUpTo(nowMs: number, terms: Pick<SlotTerms, "windowMs" | "guardMs">): number {
  return nowMs - slotSpacingMs(terms);
}

/**
 * The earliest time at or after `nowMs` the next call may go, given `taken`: the times of
 * the slots already handed out, ascending (the last `limit` of them are all it reads).
 * Never before the last slot handed out, so slots go in the order they were asked for.
 */
export function nextSlotAt(taken: readonly number[], nowMs: number, terms: Pick<SlotTerms, "limit" | "windowMs" | "guardMs">): number {
  const last = taken.at(-1);
  const heldBy = taken.length >= terms.limit ? taken[taken.length - terms.limit]! + slotSpacingMs(terms) : -Infinity;
  return Math.max(nowMs, last ?? -Infinity, heldBy);
}

/** The next slot for a caller at `nowMs`, or a refusal when it would come later than the caller's budget allows. */
export function decideSlot(taken: readonly number[], nowMs: number, terms: SlotTerms): SlotDecision {
  const at = nextSlotAt(taken, nowMs, terms);
  const waitMs = at - nowMs;
  return waitMs <= terms.budgetMs ? { ok: true, at, waitMs } : { ok: false, retryAfterMs: waitMs };
}
