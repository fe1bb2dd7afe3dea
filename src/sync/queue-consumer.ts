// The sync queue's consumer. A "frequent" message asks the kitchen's scheduler for a lease
// and, given one, runs the scheduled sync; a "chunk" message carries on a queued run (Sync
// now, a historical range). Delivery is at least once: a redelivered message finds the
// kitchen not due, its run still going, or its chunk claimed already, and does nothing.
import type { Bindings } from "../app-env";
import { logEvent } from "../log";
import { SyncMessage } from "./messages";
import { consumeChunkMessage } from "./queued-sync";
import { runWithLease } from "./run-with-lease";

export async function consumeSyncMessages(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  for (const message of batch.messages) {
    const parsed = SyncMessage.safeParse(message.body);
    if (!parsed.success) {
      // A malformed message can never succeed: acknowledge it so it is not retried, and say so.
      logEvent("warn", "sync_message_rejected", { message_id: message.id, issues: parsed.error.issues.length });
      message.ack();
      continue;
    }
    const body = parsed.data;
    logEvent("info", "sync_message", { kitchen_id: body.kitchenId, kind: body.kind, ...(body.kind === "chunk" ? { run_id: body.runId, chunk: body.chunk } : {}) });
    try {
      if (body.kind === "frequent") {
        const result = await runWithLease(env, body.kitchenId, "frequent");
        if (!result.ran) logEvent("info", "sync_skipped", { kitchen_id: body.kitchenId, kind: body.kind, reason: result.skipped });
      } else {
        const result = await consumeChunkMessage(env, body);
        if (result !== "ran") logEvent("info", "sync_skipped", { kitchen_id: body.kitchenId, kind: body.kind, run_id: body.runId, chunk: body.chunk, reason: result });
      }
      message.ack();
    } catch (error) {
      // Our own platform failed (D1, the Durable Object): let the queue deliver it again.
      logEvent("error", "sync_message_failed", { kitchen_id: body.kitchenId, kind: body.kind, message: String(error) });
      message.retry();
    }
  }
}
