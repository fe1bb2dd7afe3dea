// Where resOS calls go: the real API, or the simulator inside this isolate when
// RESOS_BASE_URL is "simulator" and SIMULATORS is on, so the demo and tests never touch
// the network. Like the Newbook one, the simulator exists only in a build that carries it
// (SIMULATORS_BUNDLED); the import below sits behind that constant, so a deployed Worker
// holds none of its code.
import { ResosError } from "./errors";

export const RESOS_SIMULATOR_BASE_URL = "simulator";
/** Where wrangler dev serves the shared simulator when SIMULATORS is on. */
export const RESOS_SIMULATOR_MOUNT = "/__sim/resos";
const IN_PROCESS_ORIGIN = "http://resos-simulator.internal";

/** Why RESOS_BASE_URL "simulator" cannot work in a deployed Worker. */
export const RESOS_NOT_IN_THIS_BUILD =
  'RESOS_BASE_URL is "simulator", but the simulators are not part of this build (only npm start and the tests carry them): set the real resOS URL (https://api.resos.com/v1).';

export interface ResosTransport {
  /** Ends in /v1: paths like /bookings are appended to it. */
  baseUrl: string;
  fetch?: (request: Request) => Promise<Response>;
}

/** Where resOS calls go for a configured base URL: the URL itself, or the in-process simulator for "simulator". */
export function resosTransport(baseUrl: string, simulators: boolean): ResosTransport {
  if (baseUrl !== RESOS_SIMULATOR_BASE_URL) return { baseUrl };
  if (SIMULATORS_BUNDLED) {
    if (!simulators) {
      throw new ResosError("network", 'RESOS_BASE_URL is "simulator" but SIMULATORS is off: set the real resOS URL (https://api.resos.com/v1).');
    }
    return { baseUrl: `${IN_PROCESS_ORIGIN}/v1`, fetch: fetchFromSharedSimulator };
  }
  throw new ResosError("network", RESOS_NOT_IN_THIS_BUILD);
}

/** A call answered by the shared simulator, loaded on first use. */
async function fetchFromSharedSimulator(request: Request): Promise<Response> {
  if (SIMULATORS_BUNDLED) {
    const { sharedResosSimulator } = await import("./shared-simulator");
    return sharedResosSimulator().fetch(request);
  }
  throw new ResosError("network", RESOS_NOT_IN_THIS_BUILD);
}
