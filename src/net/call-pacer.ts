// A pacer that counts in this isolate only: call slots (call-window.ts) kept in memory, per
// credential, waiting as long as it takes. It cannot keep several isolates under a shared
// limit, so production asks the shared limiter (src/limits/) instead; tests and benchmarks
// hand it to a client to pace on a clock of their own, or not at all.
//
// The credential is only a map key here: it is never logged, and never leaves this module.

import { forgettableUpTo, nextSlotAt } from "./call-window";
import type { CallSlots } from "./call-slots";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class CallPacer implements CallSlots {
  private readonly taken = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly limit = 100,
    private readonly windowMs = 60_000,
  ) {}

  /** Resolves when `credential` may make one more call, and counts that call; never refuses. */
  async acquire(credential: string): Promise<void> {
    const terms = { limit: this.limit, windowMs: this.windowMs, guardMs: 0 };
    const now = this.clock.now();
    const recent = (this.taken.get(credential) ?? []).filter((at) => at > forgettableUpTo(now, terms)).slice(-this.limit);
    const at = nextSlotAt(recent, now, terms);
    recent.push(at);
    this.taken.set(credential, recent);
    if (at > now) await this.clock.sleep(at - now);
  }
}
