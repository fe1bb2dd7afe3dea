// The dead-letter queue's consumer: a sync message the queue gave up on (our own platform
// kept refusing it) is recorded as a failed run with a readable reason, and logged, so that
// nothing vanishes silently. A step's run is ended through its lease when the lease is still
// its own, else closed directly; a scheduled message that never started becomes a failed run.
import type { Bindings } from "../app-env";
import { database } from "../db/client";
import { closeRunQuery, recordUnrunQuery } from "../db/run-store";
import { upcomingRange } from "../domain/date-range";
import { logEvent } from "../log";
import { SyncMessage, type StepMessage } from "./messages";
import { schedulerFor } from "./run-control";

export const DEAD_LETTER_QUEUE = "kitchen-sync-dlq";
export const DROPPED = "The sync could not be run: our own platform kept refusing it, and the queue gave up after its retries. The next scheduled sync tries again.";

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Bindings, now: () => Date = () => new Date()): Promise<void> {
  for (const message of batch.messages) {
    const parsed = SyncMessage.safeParse(message.body);
    if (!parsed.success) {
      logEvent("error", "sync_dead_letter", { message_id: message.id, attempts: message.attempts, readable: false });
      message.ack();
      continue;
    }
    const body = parsed.data;
    const at = now();
    try {
      if (body.kind === "step") {
        await endDroppedStep(env, body, at);
      } else {
        const range = upcomingRange(body.timeZone, body.daysAhead, at);
        await recordUnrunQuery(database(env.DB), { kitchenId: body.kitchenId, kind: "scheduled", range, at: at.toISOString(), error: DROPPED });
      }
      logEvent("error", "sync_dead_letter", { message_id: message.id, attempts: message.attempts, kitchen_id: body.kitchenId, kind: body.kind, ...(body.kind === "step" ? { run_id: body.runId } : {}) });
      message.ack();
    } catch (error) {
      logEvent("error", "sync_dead_letter_failed", { message_id: message.id, kitchen_id: body.kitchenId, message: String(error) });
      message.retry();
    }
  }
}

async function endDroppedStep(env: Bindings, message: StepMessage, at: Date): Promise<void> {
  const ended = await schedulerFor(env, message.kitchenId)
    .finish(message.leaseId, { status: "failed", error: DROPPED, totals: message.totals })
    .catch(() => false);
  if (!ended) await closeRunQuery(database(env.DB), message.runId, { status: "failed", finishedAt: at.toISOString(), error: DROPPED });
}
