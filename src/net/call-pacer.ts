// Newbook and resOS each refuse more than 100 calls a minute per credential. The pacer keeps
// a sliding window of call times per credential and waits for a free slot instead of being
// refused. A sliding window of 100 is also safe against a server that counts in fixed
// minute windows (resOS): any fixed minute lies inside some 60 s the pacer has watched.
// It is shared by every client in this isolate; the per-kitchen Durable Object keeps one
// kitchen's runs from overlapping, which covers the rest.
//
// The credential is only a map key here: it is never logged, and never leaves this module.
// Clients prefix it with their API's name, so a Newbook key and a resOS key never share
// a window.

export const CALLS_PER_MINUTE = 100;
const WINDOW_MS = 60_000;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class CallPacer {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly limit = CALLS_PER_MINUTE,
  ) {}

  /** Resolves when `credential` may make one more call, and counts that call. */
  async acquire(credential: string): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const recent = (this.windows.get(credential) ?? []).filter((at) => at > now - WINDOW_MS);
      if (recent.length < this.limit) {
        recent.push(now);
        this.windows.set(credential, recent);
        return;
      }
      this.windows.set(credential, recent);
      await this.clock.sleep(recent[0]! + WINDOW_MS - now);
    }
  }
}

export const sharedPacer = new CallPacer();
