// What a run's step needs to know about its kitchen, read in ONE D1 batch: the time zone
// (for the locked past days), how long personal data is kept, the meal rules, which room
// categories count, and the sources' stored connections (still encrypted).
import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { kitchens, mealRules, newbookConnections, resosConnections, roomCategories } from "./schema";

export type NewbookConnectionRow = typeof newbookConnections.$inferSelect;
import type { ResosConnectionRow } from "./resos-connection";

export type { ResosConnectionRow };

export interface RunContextRows {
  timeZone: string;
  retentionDays: number;
  rulesJson: string | null;
  categories: { categoryId: string; includeInCounts: boolean }[];
  newbook: NewbookConnectionRow | null;
  resos: ResosConnectionRow | null;
}

/** Null for a kitchen that does not exist (any more). */
export async function loadRunContext(db: Database, kitchenId: number): Promise<RunContextRows | null> {
  const [kitchen, rules, categories, newbook, resos] = await db.batch([
    db.select({ timeZone: kitchens.timeZone, retentionDays: kitchens.retentionDays }).from(kitchens).where(eq(kitchens.id, kitchenId)),
    db.select({ rulesJson: mealRules.rulesJson }).from(mealRules).where(eq(mealRules.kitchenId, kitchenId)),
    db
      .select({ categoryId: roomCategories.categoryId, includeInCounts: roomCategories.includeInCounts })
      .from(roomCategories)
      .where(eq(roomCategories.kitchenId, kitchenId)),
    db.select().from(newbookConnections).where(eq(newbookConnections.kitchenId, kitchenId)),
    db.select().from(resosConnections).where(eq(resosConnections.kitchenId, kitchenId)),
  ]);
  if (!kitchen[0]) return null;
  return { timeZone: kitchen[0].timeZone, retentionDays: kitchen[0].retentionDays, rulesJson: rules[0]?.rulesJson ?? null, categories, newbook: newbook[0] ?? null, resos: resos[0] ?? null };
}
