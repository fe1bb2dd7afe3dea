// Starting and cancelling runs. Every run, whoever asks (the cron's message, "Sync now", a
// range), starts here: the kitchen's scheduler takes the lease and opens the run's row in
// one go, then step 0 goes to the queue. Inputs are checked by the caller, before this.
import type { Bindings } from "../app-env";
import type { ScheduleSettings } from "../db/run-store";
import type { DateRange } from "../domain/dates";
import type { LeaseRefusal } from "../domain/sync-schedule";
import { NO_TOTALS, sourcesFor, type SyncRunKind } from "../domain/sync-run";
import { logEvent } from "../log";
import type { RunRequest } from "../scheduler/kitchen-sync-scheduler";
import type { StepMessage } from "./messages";

export function schedulerFor(env: Pick<Bindings, "SYNC_SCHEDULER">, kitchenId: number) {
  return env.SYNC_SCHEDULER.get(env.SYNC_SCHEDULER.idFromName(String(kitchenId)));
}

/** A run of every source the kitchen has connected. */
export function runRequest(kitchenId: number, kind: SyncRunKind, range: DateRange, connected: { resos: boolean }): RunRequest {
  return { kitchenId, kind, range, sources: sourcesFor(connected) };
}

export type StartAnswer =
  | { started: true; runId: number; stepsTotal: number }
  /**
   * Our own platform refused. "unavailable": the scheduler or D1, before anything began
   * (worth asking again). "not_queued": the queue, after the run was opened; the run is
   * recorded as failed and its lease ended, so asking again would record it twice.
   */
  | { started: false; reason: LeaseRefusal | "unavailable" | "not_queued" };

export const NOT_QUEUED = "The sync could not be queued. Try again in a moment.";

export async function startRun(env: Bindings, request: RunRequest): Promise<StartAnswer> {
  const scheduler = schedulerFor(env, request.kitchenId);
  const log = { kitchen_id: request.kitchenId, kind: request.kind };
  let lease: Awaited<ReturnType<typeof scheduler.begin>>;
  try {
    lease = await scheduler.begin(request);
  } catch (error) {
    logEvent("error", "sync_not_started", { ...log, message: String(error) });
    return { started: false, reason: "unavailable" };
  }
  if ("skip" in lease) return { started: false, reason: lease.skip };
  if ("unavailable" in lease) {
    logEvent("error", "sync_not_started", { ...log, message: lease.unavailable });
    return { started: false, reason: "unavailable" };
  }
  const first: StepMessage = { kind: "step", kitchenId: request.kitchenId, runId: lease.runId, leaseId: lease.leaseId, step: 0, failed: [], totals: NO_TOTALS };
  try {
    await env.SYNC_QUEUE.send(first);
  } catch (error) {
    // The lease ends here, its run closed as failed: the kitchen is never left "running".
    logEvent("error", "sync_not_queued", { ...log, run_id: lease.runId, message: String(error) });
    await scheduler.finish(lease.leaseId, { status: "failed", error: NOT_QUEUED }).catch((finishError: unknown) => {
      logEvent("error", "sync_not_ended", { ...log, run_id: lease.runId, message: String(finishError) });
    });
    return { started: false, reason: "not_queued" };
  }
  logEvent("info", "sync_started", { ...log, run_id: lease.runId, date_from: request.range.from, date_to: request.range.to, steps: lease.stepsTotal });
  return { started: true, runId: lease.runId, stepsTotal: lease.stepsTotal };
}

/**
 * Cancels run `runId` of the kitchen: it stops before its next step, and the nights already
 * written stay. False when that run does not hold the kitchen's lease.
 */
export async function cancelRun(env: Bindings, kitchenId: number, runId: number, by: string): Promise<boolean> {
  const cancelled = await schedulerFor(env, kitchenId).cancel(runId, `Cancelled by ${by}; the nights synced before then are kept.`);
  if (cancelled) logEvent("info", "sync_cancelled", { kitchen_id: kitchenId, run_id: runId });
  return cancelled;
}

/**
 * Saves an admin's schedule through the kitchen's scheduler, which writes it with the status
 * it leads to: disabling stops scheduled runs, enabling makes the kitchen due now, and a new
 * interval moves the next due time. False when our own platform refused; nothing is saved then.
 */
export async function saveSchedule(env: Bindings, kitchenId: number, settings: ScheduleSettings): Promise<boolean> {
  return schedulerFor(env, kitchenId)
    .configure(kitchenId, settings)
    .catch(() => false);
}
