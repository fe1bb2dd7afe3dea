// The sync queue's consumer: each message asks the kitchen's scheduler for a lease and,
// given one, runs the sync. Delivery is at least once: a redelivered message finds the
// kitchen not due (or its run still going) and does nothing.
import type { Bindings } from "../app-env";
import { logEvent } from "../log";
import { SyncMessage } from "./messages";
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
    const { kitchenId, kind } = parsed.data;
    logEvent("info", "sync_message", { kitchen_id: kitchenId, kind });
    try {
      const result = await runWithLease(env, kitchenId, kind);
      if (!result.ran) logEvent("info", "sync_skipped", { kitchen_id: kitchenId, kind, reason: result.skipped });
      message.ack();
    } catch (error) {
      // Our own platform failed (D1, the Durable Object): let the queue deliver it again.
      logEvent("error", "sync_message_failed", { kitchen_id: kitchenId, kind, message: String(error) });
      message.retry();
    }
  }
}
