// The cron tick: ONE D1 query for the kitchens whose scheduled sync is due (enabled, with a
// Newbook connection, next_due_at reached or never set), sent to the sync queue in batches
// of at most 100 messages. Nothing else happens here: the per-kitchen Durable Object decides
// whether a run really starts.
import type { Bindings } from "../app-env";
import { database } from "../db/client";
import { dueKitchens } from "../db/run-store";
import type { ScheduledMessage } from "./messages";

export const SEND_BATCH_LIMIT = 100;

export async function fanOutDueKitchens(env: Pick<Bindings, "DB" | "SYNC_QUEUE">, now: Date): Promise<{ due: number; batches: number }> {
  const due = await dueKitchens(database(env.DB), now);
  let batches = 0;
  for (let start = 0; start < due.length; start += SEND_BATCH_LIMIT) {
    const messages = due.slice(start, start + SEND_BATCH_LIMIT).map((kitchen) => ({ body: { kind: "scheduled", ...kitchen } satisfies ScheduledMessage }));
    await env.SYNC_QUEUE.sendBatch(messages);
    batches++;
  }
  return { due: due.length, batches };
}
