// The cron tick: ONE D1 query for the kitchens whose scheduled sync is due (enabled, with a
// Newbook connection, next_due_at reached or never set), sent to the sync queue in
// batches of at most 100 messages. Nothing else happens here: the per-kitchen Durable
// Object decides whether a run really starts.
import type { Bindings } from "../app-env";
import type { SyncMessage } from "./messages";

export const SEND_BATCH_LIMIT = 100;

export async function fanOutDueKitchens(env: Pick<Bindings, "DB" | "SYNC_QUEUE">, now: Date): Promise<{ due: number; batches: number }> {
  const { results } = await env.DB.prepare(
    `SELECT s.kitchen_id AS kitchenId FROM sync_settings s
     JOIN newbook_connections n ON n.kitchen_id = s.kitchen_id
     WHERE s.enabled = 1 AND (s.next_due_at IS NULL OR s.next_due_at <= ?)`,
  )
    .bind(now.toISOString())
    .all<{ kitchenId: number }>();
  let batches = 0;
  for (let start = 0; start < results.length; start += SEND_BATCH_LIMIT) {
    const messages = results.slice(start, start + SEND_BATCH_LIMIT).map(({ kitchenId }) => ({ body: { kitchenId, kind: "frequent" } satisfies SyncMessage }));
    await env.SYNC_QUEUE.sendBatch(messages);
    batches++;
  }
  return { due: results.length, batches };
}
