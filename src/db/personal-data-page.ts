// The personal-data page's reads and its one write: how long the kitchen keeps guests'
// personal data, how far the purges have reached, and the access log (who was shown guest
// names, when, which nights), newest first, a page at a time, in ONE batch.
import { count, desc, eq } from "drizzle-orm";
import type { Database } from "./client";
import type { Viewer } from "./chart-read-model";
import { purgeExpiredPersonalData, type PurgeReport } from "./personal-data-purge";
import { apiTokens, kitchens, piiAccessLog, users } from "./schema";

export const ACCESS_LOG_PAGE_SIZE = 50;

export interface AccessLogEntry {
  id: number;
  accessedAt: string;
  /** The person's email, or null when an API token was used. */
  userEmail: string | null;
  apiTokenId: number | null;
  apiTokenLabel: string | null;
  view: Viewer["view"];
  dateFrom: string;
  dateTo: string;
}

export interface PersonalDataPage {
  retentionDays: number;
  /** Nights before this hold no personal data any more; null before the first purge. */
  keptFrom: string | null;
  page: number;
  pages: number;
  total: number;
  entries: AccessLogEntry[];
}

export async function loadPersonalDataPage(db: Database, kitchenId: number, page: number): Promise<PersonalDataPage> {
  const [kitchen, totals, entries] = await db.batch([
    db.select({ retentionDays: kitchens.retentionDays, keptFrom: kitchens.personalDataKeptFrom }).from(kitchens).where(eq(kitchens.id, kitchenId)),
    db.select({ total: count() }).from(piiAccessLog).where(eq(piiAccessLog.kitchenId, kitchenId)),
    db
      .select({
        id: piiAccessLog.id,
        accessedAt: piiAccessLog.accessedAt,
        userEmail: users.email,
        apiTokenId: piiAccessLog.apiTokenId,
        apiTokenLabel: apiTokens.label,
        view: piiAccessLog.view,
        dateFrom: piiAccessLog.dateFrom,
        dateTo: piiAccessLog.dateTo,
      })
      .from(piiAccessLog)
      .leftJoin(users, eq(users.id, piiAccessLog.userId))
      .leftJoin(apiTokens, eq(apiTokens.id, piiAccessLog.apiTokenId))
      .where(eq(piiAccessLog.kitchenId, kitchenId))
      .orderBy(desc(piiAccessLog.accessedAt), desc(piiAccessLog.id))
      .limit(ACCESS_LOG_PAGE_SIZE)
      .offset((page - 1) * ACCESS_LOG_PAGE_SIZE),
  ]);
  const total = totals[0]?.total ?? 0;
  return {
    retentionDays: kitchen[0]!.retentionDays,
    keptFrom: kitchen[0]!.keptFrom,
    page,
    pages: Math.max(1, Math.ceil(total / ACCESS_LOG_PAGE_SIZE)),
    total,
    entries: entries.map((entry) => ({ ...entry, view: entry.view as Viewer["view"] })),
  };
}

/** Stores the kitchen's retention and at once clears what it no longer keeps. */
export async function saveRetention(db: Database, kitchenId: number, retentionDays: number, now: Date): Promise<PurgeReport> {
  await db.update(kitchens).set({ retentionDays }).where(eq(kitchens.id, kitchenId));
  return purgeExpiredPersonalData(db, now, kitchenId);
}
