// A stand-in for the Newbook REST API, for tests, benchmarks and the demo: a seeded hotel
// served over the same wire format, auth, paging, rate limit and failure modes as the real
// one (see /work/shared/reference/newbook-api.md), plus /__control hooks to change
// bookings and inject faults.
//
//   const sim = createNewbookSimulator({ seed: 1, rooms: 60, today: "2026-11-21" });
//   await sim.fetch(new Request("http://sim/rest/bookings_list", { method: "POST", ... }));
//   parentApp.route("/__sim/newbook", sim.app);
import { Hono } from "hono";
import { settleOnAbort } from "../net/abort";
import { controlRoutes, type ResetRequest } from "./simulator/control-routes";
import { resolveOptions, type SimulatorOptions } from "./simulator/options";
import type { RecordedCall } from "./simulator/rate-limit";
import { restRoutes } from "./simulator/rest-routes";
import { buildState } from "./simulator/state";

export { SIMULATOR_CREDENTIALS, type SimulatorCredentials, type SimulatorOptions } from "./simulator/options";
export type { RecordedCall } from "./simulator/rate-limit";

export interface NewbookSimulator {
  /** POST /rest/:action and /__control/*; mountable with parentApp.route(prefix, sim.app). */
  readonly app: Hono;
  /** app.fetch for in-process use; rejects with the signal's reason when the request is aborted, as fetch does. */
  fetch(request: Request): Promise<Response>;
  /** Regenerates the hotel; options left out keep their current values. Clears calls, faults and the rate limit. */
  reset(options: Partial<SimulatorOptions>): void;
  /** /rest calls received since the last reset, whatever their outcome. */
  callCount(): number;
  /** Since the last reset, the /rest calls that reached the rate limit (past the faults and the Basic auth), with their times: what Newbook counts. */
  rateLimitedCalls(): readonly RecordedCall[];
}

export function createNewbookSimulator(options: SimulatorOptions): NewbookSimulator {
  let current: SimulatorOptions = { ...options };
  const state = buildState(resolveOptions(current));

  const reset = (changes: Partial<SimulatorOptions> | ResetRequest) => {
    const next = { ...current, ...withoutUndefined(changes) };
    // Built before anything is replaced, so invalid options leave the simulator as it was.
    Object.assign(state, buildState(resolveOptions(next)));
    current = next;
  };

  const app = new Hono();
  app.route("/rest", restRoutes(state));
  app.route("/__control", controlRoutes(state, reset));

  return {
    app,
    fetch: (request) => settleOnAbort(Promise.resolve(app.fetch(request)), request.signal),
    reset,
    callCount: () => state.calls,
    rateLimitedCalls: () => state.rateLimiter.record(),
  };
}

/** The options a reset names, the ones left out (or undefined) keeping their values. */
export function withoutUndefined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
