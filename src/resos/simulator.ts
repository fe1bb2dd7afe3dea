// A stand-in for the resOS REST API v1, for tests, benchmarks and the demo: the
// restaurant of the Newbook simulator's hotel (same seed, rooms and today, so residents'
// tables name real stays), served over the same wire format, Basic auth, fixed-window rate
// limit and quirks as the real one (see /work/shared/reference/resos-api.md), plus
// /__control hooks to change bookings and inject faults.
//
//   const sim = createResosSimulator({ seed: 1, rooms: 60, today: "2026-11-21" });
//   await sim.fetch(new Request("http://sim/v1/bookings?fromDateTime=...&toDateTime=...", {
//     headers: { authorization: `Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:`)}` } }));
//   parentApp.route("/__sim/resos", sim.app);
//
// API (Basic auth: the key as username, empty password; 100 calls a minute per key in
// fixed minute windows; every answer carries Retry-After in ms until the window resets):
//   GET /v1/bookings?fromDateTime&toDateTime&limit&skip[&expand=customFields]
//   GET /v1/customFields
//   GET /v1/openingHours?showDeleted=false&onlySpecial=false
//
// Control (no auth; JSON in and out; 400 {error} for bad input, 404 for an unknown booking):
//   GET    /__control/state                 -> {seed, rooms, today, bookings, calls, faults, closed_on}
//   POST   /__control/reset                 {seed?, rooms?, today?}: regenerates; options left out
//                                           keep their values; invalid -> 400 and nothing changes
//   POST   /__control/faults                {kind, count?, page?, retry_after_ms?, delay_ms?}
//          kind: "500" | "401" | "throttled" (429, Retry-After = retry_after_ms or the window's rest)
//                | "hang" (until the caller aborts) | "html" (200 text/html) | "slow" (answers after
//                delay_ms) | "page" (the page-th /bookings page by skip/limit fails with 500)
//                | "bad_records" (the next /bookings answer also holds 3 malformed bookings)
//   DELETE /__control/faults                clears them
//   POST   /__control/bookings              {date, time, people, status?, guest?: {name, email?, phone?},
//                                           booking_number?, hotel_guest?, dbb?, group?, notes?,
//                                           dietary?: ["Vegan", ...], allergies?} -> 201 {_id, booking}
//   POST   /__control/bookings/:id/cancel   -> {_id, booking}: status canceled, canceledAt now
//   PATCH  /__control/bookings/:id          {date?, time?, people?, status?, notes?} -> {_id, booking}
//   POST   /__control/busy-day              {date, count}: count approved outside dinner tables
//                                           -> 201 {date, added, bookings_on_date, ids}
import { Hono } from "hono";
import { settleOnAbort } from "../net/abort";
import { withoutUndefined, type RecordedCall } from "../newbook/simulator";
import { controlRoutes, type ResetRequest } from "./simulator/control-routes";
import { type ResosSimulatorOptions, resolveResosOptions } from "./simulator/options";
import { restRoutes } from "./simulator/rest-routes";
import { buildResosState } from "./simulator/state";

export { RESOS_SIMULATOR_API_KEY, type ResosSimulatorOptions } from "./simulator/options";

export interface ResosSimulator {
  /** GET /v1/* and /__control/*; mountable with parentApp.route(prefix, sim.app). */
  readonly app: Hono;
  /** app.fetch for in-process use; rejects with the signal's reason when the request is aborted, as fetch does. */
  fetch(request: Request): Promise<Response>;
  /** Regenerates the restaurant; options left out keep their current values. Clears calls, faults and the rate limit. */
  reset(options: Partial<ResosSimulatorOptions>): void;
  /** /v1 calls received since the last reset, whatever their outcome. */
  callCount(): number;
  /** Since the last reset, the /v1 calls that reached the rate limit (past the faults and the API key), with their times: what resOS counts. */
  rateLimitedCalls(): readonly RecordedCall[];
}

export function createResosSimulator(options: ResosSimulatorOptions): ResosSimulator {
  let current: ResosSimulatorOptions = { ...options };
  const state = buildResosState(resolveResosOptions(current));

  const reset = (changes: Partial<ResosSimulatorOptions> | ResetRequest) => {
    const next = { ...current, ...withoutUndefined(changes) };
    // Built before anything is replaced, so invalid options leave the simulator as it was.
    Object.assign(state, buildResosState(resolveResosOptions(next)));
    current = next;
  };

  const app = new Hono();
  app.route("/v1", restRoutes(state));
  app.route("/__control", controlRoutes(state, reset));
  app.notFound((c) => c.json({ message: `Cannot ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));

  return {
    app,
    fetch: (request) => settleOnAbort(Promise.resolve(app.fetch(request)), request.signal),
    reset,
    callCount: () => state.calls,
    rateLimitedCalls: () => state.rateLimiter.record(),
  };
}

