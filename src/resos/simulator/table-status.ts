// Where a table booking is in its life, as the restaurant sees it on "today": finished
// (left, or no_show) in the past, arriving and seated today, confirmed or still asked for
// ahead; declined and canceled scattered everywhere, since clients must filter on status.
import type { Random } from "../../newbook/simulator/random";
import type { TableStatus } from "./table-booking";

type Weights = readonly (readonly [TableStatus, number])[];

const PAST: Weights = [["left", 86], ["no_show", 4], ["canceled", 7], ["declined", 3]];
const TODAY: Weights = [["approved", 58], ["arrived", 15], ["seated", 15], ["canceled", 7], ["request", 4], ["declined", 1]];
const AHEAD: Weights = [["approved", 83], ["request", 6], ["waitlist", 3], ["canceled", 6], ["declined", 2]];

export function statusFor(day: number, todayDay: number, random: Random): TableStatus {
  return random.weighted(day < todayDay ? PAST : day === todayDay ? TODAY : AHEAD);
}

/** Whether a status can be true of a table on `day`: nobody has left a table that is still to come. */
export function statusFits(status: TableStatus, day: number, todayDay: number): boolean {
  const weights = day < todayDay ? PAST : day === todayDay ? TODAY : AHEAD;
  return weights.some(([candidate]) => candidate === status);
}

export function isCanceled(status: TableStatus): boolean {
  return status === "canceled" || status === "cancelled";
}
