// The demo hotel's restaurant: the one resOS simulator of this isolate, which in-process
// syncs and /__sim/resos share, built from the same seed, rooms and today as the shared
// Newbook simulator. Reached only in a build that carries the simulators, like that one.
import { todayInZone } from "../domain/dates";
import { DEMO_SIMULATOR } from "../newbook/shared-simulator";
import { createResosSimulator, type ResosSimulator } from "./simulator";

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
