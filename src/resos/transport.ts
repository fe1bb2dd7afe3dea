// Where resOS calls go: the real API, or the simulator inside this isolate when
// RESOS_BASE_URL is "simulator" (and SIMULATORS is on), so the demo and tests never touch
// the network. The simulator's restaurant belongs to the demo hotel: same seed, rooms and
// today as the shared Newbook simulator.
import { todayInZone } from "../domain/dates";
import { DEMO_SIMULATOR } from "../newbook/transport";
import { ResosError } from "./errors";
import { createResosSimulator, type ResosSimulator } from "./simulator";

export const RESOS_SIMULATOR_BASE_URL = "simulator";
/** Where wrangler dev serves the shared simulator when SIMULATORS is on. */
export const RESOS_SIMULATOR_MOUNT = "/__sim/resos";
const IN_PROCESS_ORIGIN = "http://resos-simulator.internal";

let shared: ResosSimulator | undefined;

/** The one simulated restaurant of this isolate: in-process syncs and /__sim/resos see the same state. */
export function sharedResosSimulator(): ResosSimulator {
  shared ??= createResosSimulator({
    seed: DEMO_SIMULATOR.seed,
    rooms: DEMO_SIMULATOR.rooms,
    today: todayInZone(DEMO_SIMULATOR.timeZone, new Date()),
  });
  return shared;
}

export interface ResosTransport {
  /** Ends in /v1: paths like /bookings are appended to it. */
  baseUrl: string;
  fetch?: (request: Request) => Promise<Response>;
}

/** Where resOS calls go for a configured base URL: the URL itself, or the in-process simulator for "simulator". */
export function resosTransport(baseUrl: string, simulators: boolean): ResosTransport {
  if (baseUrl !== RESOS_SIMULATOR_BASE_URL) return { baseUrl };
  if (!simulators) {
    throw new ResosError("network", 'RESOS_BASE_URL is "simulator" but SIMULATORS is off: set the real resOS URL (https://api.resos.com/v1).');
  }
  const simulator = sharedResosSimulator();
  return { baseUrl: `${IN_PROCESS_ORIGIN}/v1`, fetch: (request) => simulator.fetch(request) };
}
