// One step of a run: one source's one chunk of nights. Two D1 round trips: one batch reads
// what the kitchen's sync needs, one batch writes the source's rows with the run's progress,
// so a chunk is written whole or not at all, and a source that failed writes nothing but
// the reason. Then the next step goes to the queue, or the run ends with the scheduler.
import type { Bindings } from "../app-env";
import { database, runBatch } from "../db/client";
import { loadRunContext } from "../db/run-context";
import { recordStepQuery } from "../db/run-store";
import { todayInZone } from "../domain/dates";
import type { StayWarning } from "../domain/stay-nights";
import { addTotals, nextStep, planRun, runOutcome, stepAt, stepCount, writableNights, type RunTotals } from "../domain/sync-run";
import { logEvent } from "../log";
import type { LeasedRun, RunOutcome } from "../scheduler/kitchen-sync-scheduler";
import { describeFailure } from "./failure";
import { toRunContext } from "./run-context";
import type { StepMessage } from "./messages";
import { schedulerFor } from "./run-control";
import { SOURCE_STEPS, type SourceStepResult, type SyncDependencies } from "./sources";

/** Up to this many warnings are kept with a run, as examples. */
export const MAX_WARNING_SAMPLES = 10;

export type StepResult = { next: StepMessage } | { end: RunOutcome };

/** Up to MAX_WARNING_SAMPLES warnings as stored with a run (JSON), or null for none. */
export function warningSamplesJson(warnings: StayWarning[]): string | null {
  const samples = warnings.slice(0, MAX_WARNING_SAMPLES).map((w) => ({ booking_id: w.bookingId, reason: w.reason }));
  return samples.length > 0 ? JSON.stringify(samples) : null;
}

/**
 * Runs step `message.step` of `run` and says what comes next. Throws only when our own
 * platform fails (D1); a source's failure is recorded and the run goes on without it.
 */
export async function runStep(env: Bindings, message: StepMessage, run: LeasedRun, deps: SyncDependencies = {}): Promise<StepResult> {
  const now = deps.now ?? (() => new Date());
  const db = database(env.DB);
  const plan = planRun(run.range, run.sources);
  const step = stepAt(plan, message.step);
  if (!step) throw new Error(`step ${message.step} is outside the ${stepCount(plan)} steps of run ${run.runId}`);
  const rows = await loadRunContext(db, message.kitchenId);
  if (!rows) throw new Error(`kitchen ${message.kitchenId} does not exist`);
  const context = toRunContext(rows);

  const nights = writableNights(run.kind, step.chunk, todayInZone(context.timeZone, now()));
  // A chunk whose nights have all become locked past days (a run across midnight) has nothing left to write.
  const result: SourceStepResult =
    nights.from > nights.to
      ? { ok: true, statements: [], apiCalls: 0, recordsFetched: 0, rowsWritten: 0, warnings: [] }
      : await SOURCE_STEPS[step.source]({ env, db, kitchenId: message.kitchenId, runId: run.runId, context, nights, firstChunk: step.chunkIndex === 0, now, deps });
  const warnings = result.ok ? result.warnings : [];
  const done: RunTotals = {
    apiCalls: result.apiCalls,
    recordsFetched: result.ok ? result.recordsFetched : 0,
    rowsWritten: result.ok ? result.rowsWritten : 0,
    warnings: warnings.length,
  };
  // One batch, one transaction: the source's rows (none when it failed) and the run's progress.
  await runBatch(db, [
    ...(result.ok ? result.statements : []),
    recordStepQuery(db, run.runId, { stepsDone: result.ok ? step.index + 1 : null, ...done, warningSamples: warningSamplesJson(warnings), error: result.ok ? null : result.error }),
  ]);

  const failed = result.ok ? message.failed : [...message.failed, { source: step.source, error: result.error, ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }) }];
  const totals = addTotals(message.totals, done);
  const next = nextStep(plan, step.index, failed.map((failure) => failure.source));
  if (next !== null) return { next: { ...message, step: next, failed, totals } };
  const retryAfters = failed.flatMap((failure) => (failure.retryAfterMs === undefined ? [] : [failure.retryAfterMs]));
  return {
    end: {
      status: runOutcome(plan, failed.map((failure) => failure.source)),
      retryAfterMs: retryAfters.length > 0 ? Math.max(...retryAfters) : undefined,
      error: failed.length > 0 ? failed.map((failure) => failure.error).join(" ") : undefined,
      totals,
    },
  };
}

export type StepHandled = "ran" | "repeat" | "cancelled";

/**
 * Handles one step message: claim the step, run it, then queue the next step or end the
 * run. A step runs at most once: a redelivered message finds it claimed and does nothing.
 * Whatever happens after the claim, the run goes on or ends here: anything thrown on the
 * way ends it as failed with a readable reason, and the scheduler closes its row. Throws
 * only when the claim itself could not be made (the message is then worth delivering again).
 */
export async function consumeStep(env: Bindings, message: StepMessage, deps: SyncDependencies = {}): Promise<StepHandled> {
  const scheduler = schedulerFor(env, message.kitchenId);
  const claim = await scheduler.claim(message.leaseId, message.step);
  if (claim.status === "stale") return "repeat";
  if (claim.status === "cancelled") return "cancelled";
  let end: RunOutcome | null;
  try {
    const result = await runStep(env, message, claim.run, deps);
    if ("next" in result) await env.SYNC_QUEUE.send(result.next);
    end = "end" in result ? result.end : null;
  } catch (error) {
    logEvent("error", "sync_step_failed", { kitchen_id: message.kitchenId, run_id: message.runId, step: message.step, message: String(error) });
    end = { status: "failed", error: describeFailure(error), totals: message.totals };
  }
  if (end) {
    // Delivering the message again could not help (its step is claimed): should the scheduler
    // not hear the end now, the lease runs out and the run is closed as timed out.
    await scheduler.finish(message.leaseId, end).catch((error: unknown) => {
      logEvent("error", "sync_not_ended", { kitchen_id: message.kitchenId, run_id: message.runId, message: String(error) });
    });
  }
  return "ran";
}
