// One kitchen's Newbook sync for a date range, in one go: fetch everything, turn it into
// room-nights and daily totals with pure domain code, then write it in ONE D1 batch per
// chunk of at most 31 days. Nothing is written for a chunk unless every call for it
// succeeded, so a failed sync leaves the data it would have replaced exactly as it was.
// The scheduled sync runs this way; Sync now and historical ranges run a chunk per queue
// message (queued-sync.ts) through the same steps.
import type { Bindings } from "../app-env";
import { database } from "../db/client";
import { syncRuns, type SYNC_RUN_KINDS } from "../db/schema";
import { todayInZone } from "../domain/dates";
import type { StayWarning } from "../domain/stay-nights";
import { logEvent } from "../log";
import type { NewbookClient } from "../newbook/client";
import { NewbookError } from "../newbook/errors";
import { splitIntoChunks } from "./date-chunks";
import {
  describeFailure,
  executeBatch,
  glCodesById,
  newbookClientFor,
  syncChunk,
  syncContextQueries,
  toSyncContext,
  warningSamplesJson,
  type SyncDependencies,
} from "./sync-chunk";
import type { Statement } from "./sync-writes";

export type { SyncDependencies } from "./sync-chunk";
export type SyncRunKind = (typeof SYNC_RUN_KINDS)[number];

export interface SyncRequest {
  from: string;
  to: string;
  kind: SyncRunKind;
}

export interface SyncOutcome {
  runId: number;
  status: "success" | "failed";
  errorMessage: string | null;
  /** Set when Newbook asked us to wait (throttling): the scheduler never retries sooner. */
  retryAfterMs?: number;
  recordsFetched: number;
  rowsWritten: number;
  apiCalls: number;
  warnings: number;
}

/** The first days a run may write: days before today are locked actuals, only a historical sync rewrites them. */
export function writableFrom(kind: SyncRunKind, from: string, today: string): string {
  return kind === "historical" || from >= today ? from : today;
}

/** The statement that records in sync_settings what a finished run means for the kitchen's status. */
export function statusMirrorStatement(kitchenId: number, status: "success" | "failed", finishedAt: string, errorMessage: string | null): Statement {
  return status === "success"
    ? { sql: "UPDATE sync_settings SET last_sync_at = ?, last_sync_status = 'success', last_error_message = NULL WHERE kitchen_id = ?", params: [finishedAt, kitchenId] }
    : { sql: "UPDATE sync_settings SET last_sync_status = 'failed', last_error_message = ? WHERE kitchen_id = ?", params: [errorMessage, kitchenId] };
}

export async function runKitchenSync(env: Bindings, kitchenId: number, request: SyncRequest, deps: SyncDependencies = {}): Promise<SyncOutcome> {
  const now = deps.now ?? (() => new Date());
  const db = database(env.DB);
  const startedAt = now();
  // The first of the run's two D1 round trips: what the sync needs, and its row opened as "running".
  const [kitchen, rules, categories, connection, runRows] = await db.batch([
    ...syncContextQueries(db, kitchenId),
    db
      .insert(syncRuns)
      .values({ kitchenId, kind: request.kind, status: "running", dateFrom: request.from, dateTo: request.to, startedAt: startedAt.toISOString() })
      .returning({ id: syncRuns.id }),
  ]);
  const context = toSyncContext(kitchenId, { kitchen, rules, categories, connection });
  const runId = runRows[0]!.id;
  const today = todayInZone(context.timeZone, startedAt);
  const from = writableFrom(request.kind, request.from, today);
  const chunks = splitIntoChunks(from, request.to);
  logEvent("info", "sync_started", { kitchen_id: kitchenId, kind: request.kind, run_id: runId, date_from: from, date_to: request.to });

  const warnings: StayWarning[] = [...context.warnings];
  let recordsFetched = 0;
  let rowsWritten = 0;
  let rowsCommitted = 0;
  let client: NewbookClient | undefined;

  /** Closes the run and records its outcome in sync_settings; the failure streak and next due time are the scheduler's. */
  const finishStatements = (status: "success" | "failed", errorMessage: string | null): Statement[] => {
    const finishedAt = now().toISOString();
    return [
      {
        sql: `UPDATE sync_runs SET status = ?, date_from = ?, finished_at = ?, duration_ms = ?, api_calls = ?, records_fetched = ?,
                rows_written = ?, warnings = ?, warning_samples = ?, error_message = ? WHERE id = ?`,
        params: [
          status,
          from,
          finishedAt,
          Date.parse(finishedAt) - startedAt.getTime(),
          client?.calls ?? 0,
          recordsFetched,
          rowsWritten,
          warnings.length,
          warningSamplesJson(warnings),
          errorMessage,
          runId,
        ],
      },
      statusMirrorStatement(kitchenId, status, finishedAt, errorMessage),
    ];
  };

  const outcome = (status: "success" | "failed", errorMessage: string | null, retryAfterMs?: number): SyncOutcome => {
    const result = { runId, status, errorMessage, retryAfterMs, recordsFetched, rowsWritten, apiCalls: client?.calls ?? 0, warnings: warnings.length };
    logEvent("info", "sync_finished", {
      kitchen_id: kitchenId,
      kind: request.kind,
      run_id: runId,
      status,
      duration_ms: now().getTime() - startedAt.getTime(),
      records: recordsFetched,
      rows: rowsWritten,
      api_calls: result.apiCalls,
      warnings: warnings.length,
    });
    return result;
  };

  try {
    if (chunks.length === 0) {
      throw new NewbookError("api", `Nothing to sync: ${request.to} is before today (${today}), and only a historical sync changes past days.`);
    }
    client = await newbookClientFor(env, context.connection, deps);
    const [sites, glCodes] = await Promise.all([client.sitesList(), glCodesById(client)]);
    for (const [index, chunk] of chunks.entries()) {
      const result = await syncChunk({ client, context, kitchenId, runId, chunk, glCodes, sites: index === 0 ? sites.rows : null, now });
      recordsFetched += result.recordsFetched;
      rowsWritten += result.rowsWritten;
      warnings.push(...result.warnings);
      const last = index === chunks.length - 1;
      // One batch is one transaction: the chunk is written whole or not at all.
      await executeBatch(env.DB, [
        ...result.statements,
        { sql: "UPDATE sync_runs SET chunks_done = ?, chunks_total = ? WHERE id = ?", params: [index + 1, chunks.length, runId] },
        ...(last ? finishStatements("success", null) : []),
      ]);
      rowsCommitted = rowsWritten;
    }
    return outcome("success", null);
  } catch (error) {
    rowsWritten = rowsCommitted;
    const message = describeFailure(error);
    await executeBatch(env.DB, finishStatements("failed", message));
    return outcome("failed", message, error instanceof NewbookError ? error.details.retryAfterMs : undefined);
  }
}
