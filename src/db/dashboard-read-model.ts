// The dashboard's data, in one D1 batch: three days of totals, the sync status and what is
// configured.
import { and, asc, between, eq } from "drizzle-orm";
import { addDays } from "../domain/dates";
import type { Database } from "./client";
import { setupQueries, toSetup, type KitchenSetup } from "./kitchen-setup";
import { dailyOccupancy } from "./schema";

export type DayTotals = typeof dailyOccupancy.$inferSelect;

export interface DashboardData {
  setup: KitchenSetup;
  /** Today, tomorrow and the day after, where synced. */
  days: (DayTotals | null)[];
}

export async function loadDashboard(db: Database, kitchenId: number, today: string): Promise<DashboardData> {
  const dates = [today, addDays(today, 1), addDays(today, 2)];
  const [newbook, resos, sync, days] = await db.batch([
    ...setupQueries(db, kitchenId),
    db
      .select()
      .from(dailyOccupancy)
      .where(and(eq(dailyOccupancy.kitchenId, kitchenId), between(dailyOccupancy.date, dates[0]!, dates[2]!)))
      .orderBy(asc(dailyOccupancy.date)),
  ]);
  return { setup: toSetup(newbook, resos, sync), days: dates.map((date) => days.find((day) => day.date === date) ?? null) };
}
