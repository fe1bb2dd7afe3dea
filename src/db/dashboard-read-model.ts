// The dashboard's data, in one D1 batch: three days of totals, their stays and tables, the
// sync status and what is configured.
import { and, asc, between, eq } from "drizzle-orm";
import { addDays } from "../domain/dates";
import { accessLogInsert, restaurantWindowRead, type ReadKitchen, type RestaurantWindow, type Viewer } from "./chart-read-model";
import type { BatchRead, Database } from "./client";
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

/**
 * The dashboard's one batch. When the kitchen shows guest names the arrivals list them, so
 * the same batch adds `viewer`'s row to the access log.
 */
export function dashboardRead(db: Database, kitchen: ReadKitchen, today: string, viewer: Viewer, now: Date): BatchRead<DashboardData> {
  const dates = [today, addDays(today, 1), addDays(today, 2)] as const;
  const restaurant = restaurantWindowRead(db, kitchen, dates[0], dates[2]);
  const statements = [
    ...setupQueries(db, kitchen),
    db
      .select()
      .from(dailyOccupancy)
      .where(and(eq(dailyOccupancy.kitchenId, kitchen.sql), between(dailyOccupancy.date, dates[0], dates[2])))
      .orderBy(asc(dailyOccupancy.date)),
    ...restaurant.queries,
    ...(kitchen.showGuestNames ? [accessLogInsert(db, kitchen, viewer, dates[0], dates[2], now)] : []),
  ];
  return {
    statements,
    read(results) {
      const [newbook, resos, sync, days, stays, connection, tables] = results as [
        KitchenSetup["newbook"][],
        KitchenSetup["resos"][],
        KitchenSetup["sync"][],
        DayTotals[],
        ...Parameters<typeof restaurant.read>[0],
      ];
      return {
        setup: toSetup(newbook, resos, sync),
        days: dates.map((date) => days.find((day) => day.date === date) ?? null),
        window: restaurant.read([stays, connection, tables]),
      };
    },
  };
}
