// What a simulator is built from, checked once so every later step can trust it.
import type { CallRate } from "../../net/call-window";
import { dayOf } from "./calendar";
import { checkRate, NEWBOOK_RATE } from "./rate-limit";

export interface SimulatorCredentials {
  username: string;
  password: string;
  apiKey: string;
  region: string;
}

/** Fixed, so the demo, tests and scripts can all reach the same simulated property. */
export const SIMULATOR_CREDENTIALS: SimulatorCredentials = {
  username: "simulator",
  password: "simulator-password",
  apiKey: "instances_5e1f0c7a9b3d4e2f8a6c1b0d9e7f3a25",
  region: "eu",
};

export interface SimulatorOptions {
  /** Deterministic hotel from seed + rooms. */
  seed: number;
  /** 1..500 */
  rooms: number;
  /** YYYY-MM-DD: the hotel's "today"; stays are generated around it. */
  today: string;
  credentials?: SimulatorCredentials;
  /** ms since the epoch, for the rate-limit window and change timestamps; default Date.now. */
  clock?: () => number;
  /** Calls allowed per credential in any rolling window; default Newbook's 100 a minute. */
  rateLimit?: CallRate;
}

export const MAX_ROOMS = 500;

export interface ResolvedOptions {
  seed: number;
  rooms: number;
  today: string;
  todayDay: number;
  credentials: SimulatorCredentials;
  clock: () => number;
  rateLimit: CallRate;
}

/** Throws a RangeError naming the bad option. */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be a whole number, not ${options.seed}`);
  if (!Number.isInteger(options.rooms) || options.rooms < 1 || options.rooms > MAX_ROOMS) {
    throw new RangeError(`rooms must be a whole number from 1 to ${MAX_ROOMS}, not ${options.rooms}`);
  }
  const todayDay = dayOf(options.today);
  if (todayDay === null) throw new RangeError(`today must be a YYYY-MM-DD date, not "${options.today}"`);
  return {
    seed: options.seed,
    rooms: options.rooms,
    today: options.today,
    todayDay,
    credentials: options.credentials ?? SIMULATOR_CREDENTIALS,
    clock: options.clock ?? Date.now,
    rateLimit: checkRate(options.rateLimit ?? NEWBOOK_RATE),
  };
}
