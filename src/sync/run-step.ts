// One step of a run: one chunk of nights, asked of each of the run's sources in turn. One D1
// batch reads what the kitchen's sync needs, then one batch per source writes its rows with
// the run's progress, so a source's chunk is written whole or not at all, and a source that
// failed writes nothing but the reason. Then the next chunk goes to the queue, or the run
// ends with the scheduler.
import type { Bindings } from "../app-env";
import { database, runBatch, type BatchStatement, type Database } from "../db/client";
import { purgeStatements } from "../db/personal-data-purge";
import { loadRunContext } from "../db/run-context";
import { recordStepQuery } from "../db/run-store";
import { addDays, todayInZone } from "../domain/dates";
import { keptFrom } from "../domain/retention";
import type { StayWarning } from "../domain/stay-nights";
import { addTotals, nextStep, planRun, runOutcome, stepAt, stepCount, writableNights, type RunStep, type RunTotals } from "../domain/sync-run";
import { logEvent } from "../log";
import type { LeasedRun, RunOutcome } from "../scheduler/kitchen-sync-scheduler";
import { describeFailure } from "./failure";
import { toRunContext } from "./run-context";
import type { StepMessage } from "./messages";
import { schedulerFor } from "./run-control";
import { SOURCE_STEPS, type SourceStepResult, type SyncDependencies } from "./sources";

/** Up to this many warnings are kept with a run, as examples. */
export const MAX_WARNING_SAMPLES = 10;

/** What comes after a step: the next chunk, the run's end, or nothing (it was cancelled meanwhile, and the scheduler ended it). */
export type StepResult = { next: StepMessage } | { end: RunOutcome } | { stopped: true };

/** Up to MAX_WARNING_SAMPLES warnings as stored with a run (JSON), or null for none. */
export function warningSamplesJson(warnings: StayWarning[]): string | null {
  const samples = warnings.slice(0, MAX_WARNING_SAMPLES).map((w) => ({ booking_id: w.bookingId, reason: w.reason }));
  return samples.length > 0 ? JSON.stringify(samples) : null;
}

/** A chunk reaching back before the kitchen's retention: clear what it wrote of those nights. */
function expiredPersonalData(db: Database, kitchenId: number, nights: { from: string; to: string }, before: string, now: Date): BatchStatement[] {
  if (nights.from >= before) return [];
  const end = nights.to < before ? addDays(nights.to, 1) : before;
  return purgeStatements(db, [kitchenId], { from: nights.from, before: end }, now);
}

/**
 * Runs step `message.step` of `run`, and the steps after it that ask the other sources for
 * the same chunk, and says what comes next. The chunk's context is read once for all of its
 * sources (one round trip), then each source's rows are written by a batch of their own: a
 * chunk of two sources costs three round trips, and a source that fails writes nothing but
 * the reason. Throws only when our own platform fails (D1); a source's failure is recorded
 * and the run goes on without it.
 */
export async function runStep(
  env: Bindings,
  message: StepMessage,
  run: LeasedRun,
  deps: SyncDependencies = {},
  /** Claims a further step of the chunk before it runs, as the queue's message claimed the first: false when it may not run. */
  claimNext: (step: number) => Promise<boolean> = async () => true,
): Promise<StepResult> {
  const now = deps.now ?? (() => new Date());
  const db = database(env.DB);
  const plan = planRun(run.range, run.sources);
  const first = stepAt(plan, message.step);
  if (!first) throw new Error(`step ${message.step} is outside the ${stepCount(plan)} steps of run ${run.runId}`);
  const rows = await loadRunContext(db, message.kitchenId);
  if (!rows) throw new Error(`kitchen ${message.kitchenId} does not exist`);
  const context = toRunContext(rows);

  let failed = message.failed;
  let totals = message.totals;
  for (let step: RunStep | null = first; step; ) {
    const today = todayInZone(context.timeZone, now());
    const nights = writableNights(run.kind, step.chunk, today);
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
    // One batch, one transaction: the source's rows (none when it failed), the personal data
    // of those past the kitchen's retention taken out again, and the run's progress.
    await runBatch(db, [
      ...(result.ok ? [...result.statements, ...expiredPersonalData(db, message.kitchenId, nights, keptFrom(today, context.retentionDays), now())] : []),
      recordStepQuery(db, run.runId, { stepsDone: result.ok ? step.index + 1 : null, ...done, warningSamples: warningSamplesJson(warnings), error: result.ok ? null : result.error }),
    ]);
    if (!result.ok) failed = [...failed, { source: step.source, error: result.error, ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }) }];
    totals = addTotals(totals, done);

    const nextIndex = nextStep(plan, step.index, failed.map((failure) => failure.source));
    const next = nextIndex === null ? null : stepAt(plan, nextIndex)!;
    if (next === null) break;
    // The next chunk is a step of its own, through the queue: one invocation stays one chunk's work.
    if (next.chunkIndex !== step.chunkIndex) return { next: { ...message, step: next.index, failed, totals } };
    // An admin may have cancelled while the first source ran: the next one only runs once claimed.
    if (!(await claimNext(next.index))) return { stopped: true };
    step = next;
  }

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
    const result = await runStep(env, message, claim.run, deps, async (step) => (await scheduler.claim(message.leaseId, step)).status === "go");
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
