// The sync queue's consumer. A "frequent" message asks the kitchen's scheduler for a lease
// and, given one, runs the scheduled sync; a "chunk" message carries on a queued run (Sync
// now, a historical range). Delivery is at least once: a redelivered message finds the
// kitchen not due, its run still going, or its chunk claimed already, and does nothing.
import type { Bindings } from "../app-env";
import { logEvent } from "../log";
import { SyncMessage } from "./messages";
import { consumeChunkMessage } from "./queued-sync";
import { runWithLease } from "./run-with-lease";

/** A batch's messages are handled side by side: one kitchen's slow sync never holds up another's. */
export async function consumeSyncMessages(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  await Promise.all(batch.messages.map((message) => consumeOne(message, env)));
}

async function consumeOne(message: Message<unknown>, env: Bindings): Promise<void> {
  const parsed = SyncMessage.safeParse(message.body);
  if (!parsed.success) {
    // A malformed message can never succeed: acknowledge it so it is not retried, and say so.
    logEvent("warn", "sync_message_rejected", { message_id: message.id, issues: parsed.error.issues.length });
    message.ack();
    return;
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
