// Where Newbook calls go: the real API, or the simulator inside this isolate when
// NEWBOOK_BASE_URL is "simulator" (and SIMULATORS is on), so the demo and tests never
// touch the network.
import { todayInZone } from "../domain/dates";
import type { FetchFunction } from "./client";
import { NewbookError } from "./errors";
import { createNewbookSimulator, type NewbookSimulator } from "./simulator";

export const SIMULATOR_BASE_URL = "simulator";
/** Where wrangler dev serves the shared simulator when SIMULATORS is on. */
export const SIMULATOR_MOUNT = "/__sim/newbook";
const IN_PROCESS_ORIGIN = "http://newbook-simulator.internal";

export const DEMO_SIMULATOR = { seed: 20261121, rooms: 30, timeZone: "Europe/London" } as const;

/** The SIMULATORS var: "on" serves the built-in simulators, anything else leaves them out. */
export function simulatorsEnabled(flag: string): boolean {
  return flag === "on";
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

/** Where Newbook calls go for a configured base URL: the URL itself, or the in-process simulator for "simulator". */
export function newbookTransport(baseUrl: string, simulators: boolean): NewbookTransport {
  if (baseUrl !== SIMULATOR_BASE_URL) return { baseUrl };
  if (!simulators) {
    throw new NewbookError("network", 'NEWBOOK_BASE_URL is "simulator" but SIMULATORS is off: set a real Newbook URL.');
  }
  const simulator = sharedNewbookSimulator();
  return { baseUrl: `${IN_PROCESS_ORIGIN}/rest`, fetch: (request) => simulator.fetch(request) };
}
