// A sync run on the wire, in the seed system's log record shape.
import type { SyncRunRow } from "../../db/run-store";

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
