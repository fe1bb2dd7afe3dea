// Where Newbook calls go: the real API, or the simulator inside this isolate when
// NEWBOOK_BASE_URL is "simulator" (and SIMULATORS is on), so the demo and tests never
// touch the network.
import type { Bindings } from "../app-env";
import { todayInZone } from "../domain/dates";
import type { FetchFunction } from "./client";
import { NewbookError } from "./errors";
import { createNewbookSimulator, type NewbookSimulator } from "./simulator";

export const SIMULATOR_BASE_URL = "simulator";
/** Where wrangler dev serves the shared simulator when SIMULATORS is on. */
export const SIMULATOR_MOUNT = "/__sim/newbook";
const IN_PROCESS_ORIGIN = "http://newbook-simulator.internal";

export const DEMO_SIMULATOR = { seed: 20261121, rooms: 30, timeZone: "Europe/London" } as const;

export function simulatorsEnabled(env: Pick<Bindings, "SIMULATORS">): boolean {
  return env.SIMULATORS === "on";
}

let shared: NewbookSimulator | undefined;

/** The one simulated hotel of this isolate: in-process syncs and /__sim/newbook see the same state. */
export function sharedNewbookSimulator(): NewbookSimulator {
  shared ??= createNewbookSimulator({
    seed: DEMO_SIMULATOR.seed,
    rooms: DEMO_SIMULATOR.rooms,
    today: todayInZone(DEMO_SIMULATOR.timeZone, new Date()),
  });
  return shared;
}

export interface NewbookTransport {
  baseUrl: string;
  fetch?: FetchFunction;
}

export function newbookTransport(env: Pick<Bindings, "NEWBOOK_BASE_URL" | "SIMULATORS">): NewbookTransport {
  if (env.NEWBOOK_BASE_URL !== SIMULATOR_BASE_URL) return { baseUrl: env.NEWBOOK_BASE_URL };
  if (!simulatorsEnabled(env)) {
    throw new NewbookError("network", 'NEWBOOK_BASE_URL is "simulator" but SIMULATORS is off: set a real Newbook URL.');
  }
  const simulator = sharedNewbookSimulator();
  return { baseUrl: `${IN_PROCESS_ORIGIN}/rest`, fetch: (request) => simulator.fetch(request) };
}
