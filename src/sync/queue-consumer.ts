// The sync queue's consumer. A "scheduled" message asks the kitchen's scheduler to start a
// run of its upcoming nights; a "step" message carries a run on. Delivery is at least once:
// a redelivered message finds the kitchen not due, its run still going, or its step claimed
// already, and does nothing. A message is delivered again only when our own platform
// refused before anything was started or claimed; after the queue's retries it goes to
// the dead-letter queue, where it is recorded (dead-letters.ts).
import type { Bindings } from "../app-env";
import { upcomingRange } from "../domain/date-range";
import type { LeaseRefusal } from "../domain/sync-schedule";
import { logEvent } from "../log";
import { SyncMessage, type ScheduledMessage } from "./messages";
import { runRequest, startRun } from "./run-control";
import { consumeStep, type StepHandled } from "./run-step";
import type { SyncDependencies } from "./sources";

/** A batch's messages are handled side by side: one kitchen's slow sync never holds up another's. */
export async function consumeSyncMessages(batch: MessageBatch<unknown>, env: Bindings, deps: SyncDependencies = {}): Promise<void> {
  await Promise.all(batch.messages.map((message) => consumeOne(message, env, deps)));
}

async function consumeOne(message: Message<unknown>, env: Bindings, deps: SyncDependencies): Promise<void> {
  const parsed = SyncMessage.safeParse(message.body);
  if (!parsed.success) {
    // A malformed message can never succeed: acknowledge it so it is not retried, and say so.
    logEvent("warn", "sync_message_rejected", { message_id: message.id, issues: parsed.error.issues.length });
    message.ack();
    return;
  }
  const body = parsed.data;
  logEvent("info", "sync_message", { kitchen_id: body.kitchenId, kind: body.kind, ...(body.kind === "step" ? { run_id: body.runId, step: body.step } : {}) });
  try {
    const outcome = body.kind === "scheduled" ? await startScheduledRun(env, body, deps) : await consumeStep(env, body, deps);
    if (outcome !== "ran") logEvent("info", "sync_skipped", { kitchen_id: body.kitchenId, kind: body.kind, reason: outcome, ...(body.kind === "step" ? { run_id: body.runId, step: body.step } : {}) });
    message.ack();
  } catch (error) {
    // Our own platform failed (the scheduler, D1) before anything started: let the queue deliver it again.
    logEvent("error", "sync_message_failed", { kitchen_id: body.kitchenId, kind: body.kind, message: String(error) });
    message.retry();
  }
}

/** "ran" when the run started (or began and was recorded as failed: not worth a second try); else why it was skipped. */
async function startScheduledRun(env: Bindings, message: ScheduledMessage, deps: SyncDependencies): Promise<StepHandled | LeaseRefusal> {
  const now = deps.now?.() ?? new Date();
  const range = upcomingRange(message.timeZone, message.daysAhead, now);
  const answer = await startRun(env, runRequest(message.kitchenId, "scheduled", range, { resos: message.resosConnected === true }));
  if (answer.started || answer.reason === "not_queued") return "ran";
  if (answer.reason === "unavailable") throw new Error("the run could not be started: our own platform refused (see sync_not_started)");
  return answer.reason;
}
