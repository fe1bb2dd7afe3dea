// The dashboard's data, in one D1 batch: three days of totals, their stays and tables, the
// sync status and what is configured.
import { and, asc, between, eq } from "drizzle-orm";
import { addDays } from "../domain/dates";
import { restaurantWindowRead, type RestaurantWindow } from "./chart-read-model";
import type { Database } from "./client";
import { setupQueries, toSetup, type KitchenSetup } from "./kitchen-setup";
import { dailyOccupancy } from "./schema";

export type DayTotals = typeof dailyOccupancy.$inferSelect;

export interface DashboardData {
  setup: KitchenSetup;
  /** Today, tomorrow and the day after, where synced. */
  days: (DayTotals | null)[];
  /** The three days' stays and tables. */
  window: RestaurantWindow;
}

export async function loadDashboard(db: Database, kitchenId: number, today: string): Promise<DashboardData> {
  const dates = [today, addDays(today, 1), addDays(today, 2)];
  const restaurant = restaurantWindowRead(db, kitchenId, dates[0]!, dates[2]!);
  const [newbook, resos, sync, days, stays, connection, tables] = await db.batch([
    ...setupQueries(db, kitchenId),
    db
      .select()
      .from(dailyOccupancy)
      .where(and(eq(dailyOccupancy.kitchenId, kitchenId), between(dailyOccupancy.date, dates[0]!, dates[2]!)))
      .orderBy(asc(dailyOccupancy.date)),
    ...restaurant.queries,
  ]);
  return {
    setup: toSetup(newbook, resos, sync),
    days: dates.map((date) => days.find((day) => day.date === date) ?? null),
    window: restaurant.read([stays, connection, tables]),
  };
}
