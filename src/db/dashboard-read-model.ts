// The dashboard's data, in one D1 batch: three days of totals, their stays and tables, the
// sync status and what is configured.
import { and, asc, between, eq } from "drizzle-orm";
import { addDays } from "../domain/dates";
import { piiAccessRow, restaurantWindowRead, type RestaurantWindow, type Viewer } from "./chart-read-model";
import type { Database } from "./client";
import { setupQueries, toSetup, type KitchenSetup } from "./kitchen-setup";
import { dailyOccupancy, piiAccessLog } from "./schema";

export type DayTotals = typeof dailyOccupancy.$inferSelect;

export interface DashboardData {
  setup: KitchenSetup;
  /** Today, tomorrow and the day after, where synced. */
  days: (DayTotals | null)[];
  /** The three days' stays and tables. */
  window: RestaurantWindow;
}

/**
 * `viewer` is who is looking when the kitchen shows guest names: the arrivals list them,
 * so the same batch adds that view's row to the access log. Null when names are hidden.
 */
export async function loadDashboard(db: Database, kitchenId: number, today: string, viewer: Viewer | null, now: Date): Promise<DashboardData> {
  const dates = [today, addDays(today, 1), addDays(today, 2)];
  const restaurant = restaurantWindowRead(db, kitchenId, dates[0]!, dates[2]!);
  const queries = [
    ...setupQueries(db, kitchenId),
    db
      .select()
      .from(dailyOccupancy)
      .where(and(eq(dailyOccupancy.kitchenId, kitchenId), between(dailyOccupancy.date, dates[0]!, dates[2]!)))
      .orderBy(asc(dailyOccupancy.date)),
    ...restaurant.queries,
  ] as const;
  const [newbook, resos, sync, days, stays, connection, tables] =
    viewer === null ? await db.batch(queries) : await db.batch([...queries, db.insert(piiAccessLog).values(piiAccessRow(kitchenId, viewer, dates[0]!, dates[2]!, now))]);
  return {
    setup: toSetup(newbook, resos, sync),
    days: dates.map((date) => days.find((day) => day.date === date) ?? null),
    window: restaurant.read([stays, connection, tables]),
  };
}
