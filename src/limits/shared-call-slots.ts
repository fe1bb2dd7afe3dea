// Call slots every isolate shares: each call reserves its slot with the credential's
// ApiCallLimiter, waits the time it was given, then goes. So the kitchens of a hotel group
// on one Newbook login keep under Newbook's limit together, wherever their runs land.
import type { Bindings } from "../app-env";
import { credentialName } from "../crypto/credential-names";
import type { CallRate } from "../net/call-window";
import { logEvent } from "../log";
import { CallsAtLimit, type CallSlots } from "../net/call-slots";
import type { SlotAnswer } from "./api-call-limiter";

/**
 * The longest one call waits for its slot in production: one window. A later slot means
 * more than a full minute of other calls is promised ahead of it; the run then stops as
 * throttled, with a Retry-After. A step's calls wait one after the other, each within this.
 */
export const SLOT_BUDGET_MS = 60_000;

/** The longest an admin's connection test waits for a slot: someone is watching the page. */
export const PAGE_SLOT_BUDGET_MS = 10_000;

/**
 * Between a call and the limit-th after it, beyond the window: the time a slot's answer
 * and timer may take, differently for two calls, before the call reaches the API (see
 * src/net/call-window.ts). 100 calls per 61 s instead of 60: under 2% slower, and a call
 * that leaves a little late is not the one too many.
 */
export const SLOT_GUARD_MS = 1_000;

export interface SharedSlotsOptions {
  /** The API's limit, per credential. */
  rate: CallRate;
  /** The kitchen whose calls these are. */
  kitchenId: number;
  budgetMs?: number;
  guardMs?: number;
}

/** Slots from the shared limiter: resolves at the call's turn, or rejects with CallsAtLimit. */
export function sharedCallSlots(env: Pick<Bindings, "API_CALL_LIMITER" | "CREDENTIALS_KEY">, options: SharedSlotsOptions): CallSlots {
  const terms = { ...options.rate, guardMs: options.guardMs ?? SLOT_GUARD_MS, budgetMs: options.budgetMs ?? SLOT_BUDGET_MS, kitchenId: options.kitchenId };
  return {
    async acquire(credential) {
      let answer: SlotAnswer;
      try {
        const limiter = env.API_CALL_LIMITER.get(env.API_CALL_LIMITER.idFromName(await credentialName(env.CREDENTIALS_KEY, credential)));
        answer = await limiter.reserve(terms);
      } catch (error) {
        // The count is a courtesy to the API, not a gate of ours: when it cannot be reached the
        // call goes unpaced (the API's own refusal is handled as throttled) rather than fail a
        // sync or an admin's connection test.
        logEvent("warn", "api_call_limiter_unavailable", { kitchen_id: options.kitchenId, message: String(error) });
        return;
      }
      if ("refused" in answer) throw new CallsAtLimit(options.rate, answer.retryAfterMs, terms.budgetMs, answer.kitchens);
      if (answer.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, answer.waitMs));
    },
  };
}
