// The restaurant itself: its id, tables, custom fields and opening hours. Everything here
// was set up once, long before "today", so its ObjectIds carry that moment; the closure is
// the only thing placed relative to today.
import type { Random } from "../../newbook/simulator/random";
import { buildFields, type RestaurantFields } from "./custom-fields";
import { buildDiningRoom, type DiningTable } from "./dining-room";
import type { ObjectIdFactory } from "./object-ids";
import { CLOSURE_DAYS_AHEAD, type OpeningHour, specialClosure, weeklyOpeningHours } from "./opening-hours";

export interface Restaurant {
  id: string;
  tables: DiningTable[];
  fields: RestaurantFields;
  openingHours: OpeningHour[];
  /** The day number of the one special closure. */
  closureDay: number;
}

/** When the restaurant was set up in resOS. */
const SET_UP_AT_MS = Date.UTC(2023, 2, 14, 9, 30);
const DAY_MS = 86_400_000;

export function buildRestaurant(newId: ObjectIdFactory, todayDay: number, random: Random): Restaurant {
  // A few seconds apart, as someone clicking through the set-up screens would be.
  let at = SET_UP_AT_MS;
  const setUpId = () => newId((at += random.int(2, 40) * 1000));
  const id = setUpId();
  const tables = buildDiningRoom(setUpId);
  const fields = buildFields(setUpId);
  const week = weeklyOpeningHours(setUpId);
  const closureDay = todayDay + CLOSURE_DAYS_AHEAD;
  // The closure was entered a few weeks before it was needed.
  const closureId = newId((todayDay - random.int(10, 30)) * DAY_MS + random.int(9, 17) * 3_600_000);
  return { id, tables, fields, openingHours: [...week, specialClosure(closureId, closureDay)], closureDay };
}
