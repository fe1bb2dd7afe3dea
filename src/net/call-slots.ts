// How an API client waits for its turn: one interface, whoever keeps the count. In
// production every isolate asks the limiter the credential's kitchens share (src/limits/);
// tests and benchmarks may hand a client a pacer of their own (call-pacer.ts).
import type { CallRate } from "./call-window";

export interface CallSlots {
  /**
   * Resolves when one call with `credential` may go (that call is counted from then);
   * rejects with CallsAtLimit when its turn would come later than the caller will wait.
   * `credential` names the API and the secret ("newbook\0<username>\0<api key>"): an
   * implementation keeps it to itself, never logs it, and never sends it anywhere as it is.
   */
  acquire(credential: string): Promise<void>;
}

/** The credential's calls are promised so far ahead that the caller's turn would come after its budget. */
export class CallsAtLimit extends Error {
  override name = "CallsAtLimit";
  constructor(
    readonly rate: CallRate,
    /** When a call could go again, from now. */
    readonly retryAfterMs: number,
    /** The longest the caller would have waited. */
    readonly budgetMs: number,
    /** Kitchens whose calls hold the credential's current slots, the asking one included. */
    readonly kitchens: number,
  ) {
    super(`calls at their limit of ${rate.limit} per ${rate.windowMs} ms; the next slot is ${retryAfterMs} ms away`);
  }
}

/**
 * What a kitchen admin reads when calls stopped for this: which calls, their limit, who
 * shares it, and that we stopped rather than be refused. `api` is "Newbook" or "resOS";
 * `credentialWord` what the admin entered ("login", "API key").
 */
export function callsAtLimitMessage(api: string, credentialWord: string, refusal: CallsAtLimit): string {
  const sharing = refusal.kitchens > 1 ? `shared by ${refusal.kitchens} kitchens` : "all taken by this kitchen";
  return (
    `${api} calls for this ${credentialWord} are at their limit of ${rateInWords(refusal.rate)}, ${sharing}: ` +
    `the next free turn is more than ${durationInWords(refusal.budgetMs)} away, so we stopped rather than be refused by ${api}.`
  );
}

/** "100 a minute", "6 every 2 s", "50 every 5 minutes". */
export function rateInWords(rate: CallRate): string {
  if (rate.windowMs === 60_000) return `${rate.limit} a minute`;
  return `${rate.limit} every ${durationInWords(rate.windowMs)}`;
}

/** "2 s", "90 s", "5 minutes", "250 ms". */
function durationInWords(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} minutes`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms)} ms`;
}
