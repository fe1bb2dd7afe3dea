// Read model for the sync History page: the latest runs for the table and a week of runs
// for the chart, in one D1 batch. Every query is filtered by the kitchen.
import { and, desc, eq, gte } from "drizzle-orm";
import { HISTORY_LOOKBACK_MS, type HistoryRun } from "../domain/sync-history";
import type { SyncRunKind } from "../domain/sync-run";
import type { Database } from "./client";
import { syncRuns } from "./schema";

export const HISTORY_RUNS_SHOWN = 50;

/** A row of the History page's run table. */
export interface HistoryTableRun {
  id: number;
  kind: SyncRunKind;
  status: HistoryRun["status"];
  dateFrom: string;
  dateTo: string;
  startedAt: string;
  durationMs: number | null;
  apiCalls: number;
  rowsWritten: number;
  warnings: number;
  errorMessage: string | null;
  chunksDone: number;
  chunksTotal: number;
}

export interface SyncHistoryPageData {
  /** The latest runs, newest first, at most HISTORY_RUNS_SHOWN. */
  runs: HistoryTableRun[];
  /** Every run started in the last 7 days, for the chart, oldest first. */
  weekRuns: HistoryRun[];
}

export async function loadSyncHistory(db: Database, kitchenId: number, now: Date): Promise<SyncHistoryPageData> {
  const since = new Date(now.getTime() - HISTORY_LOOKBACK_MS).toISOString();
  const [runs, weekRuns] = await db.batch([
    db
      .select({
        id: syncRuns.id,
        kind: syncRuns.kind,
        status: syncRuns.status,
        dateFrom: syncRuns.dateFrom,
        dateTo: syncRuns.dateTo,
        startedAt: syncRuns.startedAt,
        durationMs: syncRuns.durationMs,
        apiCalls: syncRuns.apiCalls,
        rowsWritten: syncRuns.rowsWritten,
        warnings: syncRuns.warnings,
        errorMessage: syncRuns.errorMessage,
        chunksDone: syncRuns.chunksDone,
        chunksTotal: syncRuns.chunksTotal,
      })
      .from(syncRuns)
      .where(eq(syncRuns.kitchenId, kitchenId))
      .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
      .limit(HISTORY_RUNS_SHOWN),
    db
      .select({ startedAt: syncRuns.startedAt, durationMs: syncRuns.durationMs, status: syncRuns.status })
      .from(syncRuns)
      .where(and(eq(syncRuns.kitchenId, kitchenId), gte(syncRuns.startedAt, since)))
      .orderBy(syncRuns.startedAt),
  ]);
  return { runs, weekRuns };
}
