// What a resOS simulator is built from, checked once so every later step can trust it.
// seed, rooms and today mean what they mean to the Newbook simulator: the restaurant's
// residents are that hotel's guests.
import type { CallRate } from "../../net/call-window";
import { resolveOptions } from "../../newbook/simulator/options";
import { checkRate } from "../../newbook/simulator/rate-limit";
import { RESOS_RATE } from "./rate-limit";

/** Fixed, so the demo, tests and scripts can all reach the same simulated restaurant. */
export const RESOS_SIMULATOR_API_KEY = "resos_sim_4f1c9a7e2b6d48a0b3c5e9f1a2d7c6b8";

export interface ResosSimulatorOptions {
  /** The same seed as the Newbook simulator's gives a restaurant whose residents are its guests. */
  seed: number;
  /** 1..500, the hotel's rooms. */
  rooms: number;
  /** YYYY-MM-DD: the restaurant's "today"; tables are generated around it. */
  today: string;
  /** The private key clients send as the Basic-auth username; default RESOS_SIMULATOR_API_KEY. */
  apiKey?: string;
  /** ms since the epoch, for the rate-limit windows and the times changes are stamped with; default Date.now. */
  clock?: () => number;
  /** Calls allowed per API key in each fixed window on the clock; default resOS's 100 a minute. */
  rateLimit?: CallRate;
}

export interface ResolvedResosOptions {
  seed: number;
  rooms: number;
  today: string;
  todayDay: number;
  apiKey: string;
  clock: () => number;
  rateLimit: CallRate;
}

/** Throws a RangeError naming the bad option. */
export function resolveResosOptions(options: ResosSimulatorOptions): ResolvedResosOptions {
  // The hotel's own checks, so both simulators accept and refuse exactly the same options.
  const hotel = resolveOptions({ seed: options.seed, rooms: options.rooms, today: options.today });
  const apiKey = options.apiKey ?? RESOS_SIMULATOR_API_KEY;
  // The key travels as the Basic-auth username, which cannot hold a colon.
  if (apiKey === "" || apiKey.includes(":")) throw new RangeError("apiKey must be a non-empty string without a colon");
  return {
    seed: hotel.seed,
    rooms: hotel.rooms,
    today: hotel.today,
    todayDay: hotel.todayDay,
    apiKey,
    clock: options.clock ?? Date.now,
    rateLimit: checkRate(options.rateLimit ?? RESOS_RATE),
  };
}
