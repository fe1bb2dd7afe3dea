// Sync now and historical ranges run through the sync queue, one message per chunk of at
// most 31 nights, under the kitchen's scheduler lease: the request that starts a run
// takes the lease, opens the run's row and queues chunk 0; each chunk's consumer claims its
// step from the scheduler (so a redelivered message does nothing), writes the chunk in one
// D1 batch with the run's progress, and queues the next. The last chunk, a failure or a
// cancel ends the run and hands the outcome to the scheduler.
import { and, eq } from "drizzle-orm";
import type { Bindings } from "../app-env";
import { database } from "../db/client";
import { syncRuns } from "../db/schema";
import { todayInZone } from "../domain/dates";
import type { LeaseRefusal } from "../domain/sync-schedule";
import type { DateRange } from "../domain/stay-nights";
import { logEvent } from "../log";
import type { NewbookClient } from "../newbook/client";
import { NewbookError } from "../newbook/errors";
import { splitIntoChunks } from "./date-chunks";
import type { ChunkMessage } from "./messages";
import { statusMirrorStatement, writableFrom } from "./run-kitchen-sync";
import { kitchenUpcomingRange, schedulerFor } from "./run-with-lease";
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

export type QueuedRunKind = "manual" | "historical";
export type QueuedStart =
  | { started: true; runId: number; chunksTotal: number }
  | { started: false; reason: LeaseRefusal | "unknown_kitchen" | "unavailable" };

const NOT_QUEUED = "The sync could not be queued. Try again in a moment.";

/**
 * Starts a run: "manual" syncs today and the kitchen's days ahead, "historical" the given
 * range (checked by the caller: from <= to, at most 365 days), past days included.
 * "unavailable" means our own queue or database refused: nothing is left running.
 */
export async function startQueuedSync(env: Bindings, kitchenId: number, kind: QueuedRunKind, range: DateRange | null, now: Date): Promise<QueuedStart> {
  const dates = range ?? (await kitchenUpcomingRange(env, kitchenId, now));
  if (!dates) return { started: false, reason: "unknown_kitchen" };
  const scheduler = schedulerFor(env, kitchenId);
  const lease = await scheduler.begin(kitchenId, kind);
  if ("skip" in lease) return { started: false, reason: lease.skip };
  const chunksTotal = splitIntoChunks(dates.from, dates.to).length;
  let runId: number | undefined;
  try {
    const row = await env.DB.prepare(
      "INSERT INTO sync_runs (kitchen_id, kind, status, date_from, date_to, started_at, chunks_total) VALUES (?, ?, 'running', ?, ?, ?, ?) RETURNING id",
    )
      .bind(kitchenId, kind, dates.from, dates.to, now.toISOString(), chunksTotal)
      .first<{ id: number }>();
    runId = row!.id;
    await scheduler.attach(lease.leaseId, runId);
    await env.SYNC_QUEUE.send({ kind: "chunk", kitchenId, runId, leaseId: lease.leaseId, chunk: 0 } satisfies ChunkMessage);
  } catch (error) {
    logEvent("error", "sync_not_queued", { kitchen_id: kitchenId, kind, run_id: runId ?? null, message: String(error) });
    // Close what was opened, so the kitchen is not left "running"; each step on its own,
    // since the platform is failing.
    if (runId !== undefined) {
      await env.DB.prepare("UPDATE sync_runs SET status = 'failed', finished_at = ?, error_message = ? WHERE id = ? AND status = 'running'")
        .bind(now.toISOString(), NOT_QUEUED, runId)
        .run()
        .catch(() => undefined);
    }
    await scheduler.finish(lease.leaseId, { status: "failed", error: NOT_QUEUED }).catch(() => undefined);
    return { started: false, reason: "unavailable" };
  }
  logEvent("info", "sync_started", { kitchen_id: kitchenId, kind, run_id: runId, date_from: dates.from, date_to: dates.to, chunks: chunksTotal });
  return { started: true, runId, chunksTotal };
}

export type ChunkStep =
  | { done: false }
  | { done: true; status: "success" | "failed" | "cancelled"; retryAfterMs?: number | undefined; error?: string | undefined };

/** Fetches and writes chunk `message.chunk` of a queued run; says whether the run goes on. */
export async function runQueuedChunk(env: Bindings, message: ChunkMessage, deps: SyncDependencies = {}): Promise<ChunkStep> {
  const now = deps.now ?? (() => new Date());
  const db = database(env.DB);
  const { kitchenId, runId, chunk: index } = message;
  const [kitchen, rules, categories, connection, runRows] = await db.batch([
    ...syncContextQueries(db, kitchenId),
    db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.id, runId), eq(syncRuns.kitchenId, kitchenId))),
  ]);
  const run = runRows[0];
  // Ended already (cancelled, or timed out): nothing more to do.
  if (!run || run.status !== "running") return { done: true, status: run && run.status !== "running" ? run.status : "failed" };
  const context = toSyncContext(kitchenId, { kitchen, rules, categories, connection });
  const chunks = splitIntoChunks(run.dateFrom, run.dateTo);
  // A Sync now that runs past the kitchen's midnight leaves the day just ended alone: it is locked now.
  const planned = chunks[index];
  const chunk = planned && { ...planned, from: writableFrom(run.kind, planned.from, todayInZone(context.timeZone, now())) };
  const last = index === chunks.length - 1;
  let client: NewbookClient | undefined;
  // The run's sync_finished line, logged once the batch that ends the run has committed.
  let finishLine: Record<string, unknown> | undefined;
  const logFinish = () => finishLine && logEvent("info", "sync_finished", finishLine);

  const finished = (status: "success" | "failed", extra: { calls: number; records: number; rows: number; warnings: number }, error: string | null): Statement[] => {
    const finishedAt = now().toISOString();
    const durationMs = Date.parse(finishedAt) - Date.parse(run.startedAt);
    finishLine = {
      kitchen_id: kitchenId,
      kind: run.kind,
      run_id: runId,
      status,
      duration_ms: durationMs,
      records: run.recordsFetched + extra.records,
      rows: run.rowsWritten + extra.rows,
      api_calls: run.apiCalls + extra.calls,
      warnings: run.warnings + extra.warnings,
      chunks_done: status === "success" ? chunks.length : index,
      chunks_total: chunks.length,
    };
    return [
      {
        sql: "UPDATE sync_runs SET status = ?, finished_at = ?, duration_ms = ?, error_message = ? WHERE id = ? AND status = 'running'",
        params: [status, finishedAt, durationMs, error, runId],
      },
      statusMirrorStatement(kitchenId, status, finishedAt, error),
    ];
  };

  try {
    if (!chunk) throw new Error(`chunk ${index} of run ${runId} is outside its ${chunks.length} chunks`);
    if (chunk.from > chunk.to) throw new NewbookError("api", "Nothing to sync: these nights are in the past now, and only a range sync changes past nights.");
    client = await newbookClientFor(env, context.connection, deps);
    const [sites, glCodes] = await Promise.all([index === 0 ? client.sitesList() : null, glCodesById(client)]);
    const result = await syncChunk({ client, context, kitchenId, runId, chunk, glCodes, sites: sites?.rows ?? null, now });
    const warnings = [...(index === 0 ? context.warnings : []), ...result.warnings];
    const counts = { calls: client.calls, records: result.recordsFetched, rows: result.rowsWritten, warnings: warnings.length };
    // One batch: the chunk's rows, the run's progress and, for the last chunk, its end.
    await executeBatch(env.DB, [
      ...result.statements,
      {
        sql: `UPDATE sync_runs SET chunks_done = ?, api_calls = api_calls + ?, records_fetched = records_fetched + ?, rows_written = rows_written + ?,
                warnings = warnings + ?, warning_samples = coalesce(warning_samples, ?) WHERE id = ?`,
        params: [index + 1, counts.calls, counts.records, counts.rows, counts.warnings, warningSamplesJson(warnings), runId],
      },
      ...(last ? finished("success", counts, null) : []),
    ]);
    logFinish();
    return last ? { done: true, status: "success" } : { done: false };
  } catch (error) {
    const message = describeFailure(error);
    const calls = client?.calls ?? 0;
    await executeBatch(env.DB, [
      { sql: "UPDATE sync_runs SET api_calls = api_calls + ? WHERE id = ?", params: [calls, runId] },
      ...finished("failed", { calls, records: 0, rows: 0, warnings: 0 }, message),
    ]);
    logFinish();
    return { done: true, status: "failed", retryAfterMs: error instanceof NewbookError ? error.details.retryAfterMs : undefined };
  }
}

/**
 * Handles one chunk message: claim the step, run it, then queue the next chunk or end the
 * run. Each step runs at most once: a redelivered message finds its step claimed. So a
 * failure of our own platform (D1, the queue) ends the run as failed here rather than
 * leaving it to a retry that could never claim the step.
 */
export async function consumeChunkMessage(env: Bindings, message: ChunkMessage, deps: SyncDependencies = {}): Promise<"ran" | "repeat" | "cancelled"> {
  const scheduler = schedulerFor(env, message.kitchenId);
  const claim = await scheduler.claim(message.leaseId, message.chunk);
  if (claim === "stale") return "repeat";
  if (claim === "cancelled") return "cancelled";
  let step: ChunkStep;
  try {
    step = await runQueuedChunk(env, message, deps);
    if (!step.done) await env.SYNC_QUEUE.send({ ...message, chunk: message.chunk + 1 } satisfies ChunkMessage);
  } catch (error) {
    // The scheduler closes the run's row as it ends the lease.
    logEvent("error", "sync_chunk_failed", { kitchen_id: message.kitchenId, run_id: message.runId, chunk: message.chunk, message: String(error) });
    step = { done: true, status: "failed", error: describeFailure(error) };
  }
  if (step.done) await scheduler.finish(message.leaseId, { status: step.status, retryAfterMs: step.retryAfterMs, error: step.error });
  return "ran";
}

/**
 * Cancels a running Sync now or range of the kitchen (`runId`, or the newest one): it stops
 * before its next chunk, and the nights already written stay. False when there is no such
 * run holding the kitchen's lease.
 */
export async function cancelQueuedSync(env: Bindings, kitchenId: number, runId: number | null, by: string): Promise<boolean> {
  const target =
    runId ??
    (
      await env.DB.prepare("SELECT id FROM sync_runs WHERE kitchen_id = ? AND status = 'running' AND kind IN ('manual', 'historical') ORDER BY id DESC LIMIT 1")
        .bind(kitchenId)
        .first<{ id: number }>()
    )?.id;
  if (target === undefined) return false;
  const cancelled = await schedulerFor(env, kitchenId).cancel(target, `Cancelled by ${by}; the nights synced before then are kept.`);
  if (cancelled) logEvent("info", "sync_cancelled", { kitchen_id: kitchenId, run_id: target });
  return cancelled;
}
