// Sync run history, for the JSON logs endpoint and the settings page.
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "./client";
import { syncRuns } from "./schema";

export type SyncRunRow = typeof syncRuns.$inferSelect;

export async function listSyncRuns(db: Database, kitchenId: number, limit: number): Promise<SyncRunRow[]> {
  return db.select().from(syncRuns).where(eq(syncRuns.kitchenId, kitchenId)).orderBy(desc(syncRuns.id)).limit(limit);
}

export async function getSyncRun(db: Database, kitchenId: number, runId: number): Promise<SyncRunRow | undefined> {
  const [row] = await db.select().from(syncRuns).where(and(eq(syncRuns.kitchenId, kitchenId), eq(syncRuns.id, runId)));
  return row;
}

/** The seed system's log record shape. */
export function syncRunJson(run: SyncRunRow) {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    duration_ms: run.durationMs,
    date_from: run.dateFrom,
    date_to: run.dateTo,
    records_fetched: run.recordsFetched,
    rows_written: run.rowsWritten,
    api_calls: run.apiCalls,
    warnings: run.warnings,
    error_message: run.errorMessage,
    chunks_done: run.chunksDone,
    chunks_total: run.chunksTotal,
  };
}
