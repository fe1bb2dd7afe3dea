// The demo hotel: the one Newbook simulator of this isolate, which in-process syncs and
// /__sim/newbook share. Only a build that carries the simulators (SIMULATORS_BUNDLED: npm
// start, the tests) reaches this module, through a dynamic import behind that constant, so
// a deployed Worker holds none of it.
import { todayInZone } from "../domain/dates";
import { createNewbookSimulator, type NewbookSimulator } from "./simulator";

export const DEMO_SIMULATOR = { seed: 20261121, rooms: 30, timeZone: "Europe/London" } as const;

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
