// Where Newbook calls go: the real API, or the simulator inside this isolate when
// NEWBOOK_BASE_URL is "simulator" and SIMULATORS is on, so the demo and tests never touch
// the network. The simulator exists only in a build that carries it (SIMULATORS_BUNDLED,
// a build-time constant: true for npm start and the tests, false in wrangler.toml for a
// deploy); the import below sits behind it, so a deployed Worker holds none of its code.
import type { FetchFunction } from "./client";
import { NewbookError } from "./errors";

export const SIMULATOR_BASE_URL = "simulator";
/** Where wrangler dev serves the shared simulator when SIMULATORS is on. */
export const SIMULATOR_MOUNT = "/__sim/newbook";
const IN_PROCESS_ORIGIN = "http://newbook-simulator.internal";

/** Why NEWBOOK_BASE_URL "simulator" cannot work in a deployed Worker. */
export const NOT_IN_THIS_BUILD =
  'NEWBOOK_BASE_URL is "simulator", but the simulators are not part of this build (only npm start and the tests carry them): set a real Newbook URL.';

/** The SIMULATORS var: "on" serves the built-in simulators, anything else leaves them out. */
export function simulatorsEnabled(flag: string): boolean {
  return flag === "on";
}

export interface NewbookTransport {
  baseUrl: string;
  fetch?: FetchFunction;
}

/** Where Newbook calls go for a configured base URL: the URL itself, or the in-process simulator for "simulator". */
export function newbookTransport(baseUrl: string, simulators: boolean): NewbookTransport {
  if (baseUrl !== SIMULATOR_BASE_URL) return { baseUrl };
  if (SIMULATORS_BUNDLED) {
    if (!simulators) {
      throw new NewbookError("network", 'NEWBOOK_BASE_URL is "simulator" but SIMULATORS is off: set a real Newbook URL.');
    }
    return { baseUrl: `${IN_PROCESS_ORIGIN}/rest`, fetch: fetchFromSharedSimulator };
  }
  throw new NewbookError("network", NOT_IN_THIS_BUILD);
}

/** A call answered by the shared simulator, loaded on first use. */
async function fetchFromSharedSimulator(request: Request): Promise<Response> {
  if (SIMULATORS_BUNDLED) {
    const { sharedNewbookSimulator } = await import("./shared-simulator");
    return sharedNewbookSimulator().fetch(request);
  }
  throw new NewbookError("network", NOT_IN_THIS_BUILD);
}
