import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { syncSettings } from "./schema";

export const DEFAULT_DAYS_AHEAD = 7;

export async function daysAheadOf(db: Database, kitchenId: number): Promise<number> {
  const [row] = await db.select({ daysAhead: syncSettings.daysAhead }).from(syncSettings).where(eq(syncSettings.kitchenId, kitchenId));
  return row?.daysAhead ?? DEFAULT_DAYS_AHEAD;
}
