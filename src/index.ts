import { app } from "./app";
import type { Bindings } from "./app-env";
import { SyncMessage } from "./sync/messages";

export { KitchenSyncScheduler } from "./scheduler/kitchen-sync-scheduler";

function logLine(fields: Record<string, unknown>): void {
  console.log(JSON.stringify(fields));
}

export default {
  fetch: app.fetch,

  async scheduled(controller) {
    logLine({ level: "info", event: "cron_tick", cron: controller.cron, scheduled_at: new Date(controller.scheduledTime).toISOString() });
  },

  async queue(batch) {
    for (const message of batch.messages) {
      const parsed = SyncMessage.safeParse(message.body);
      // A malformed message can never succeed: acknowledge it so it is not retried, and say so.
      logLine(
        parsed.success
          ? { level: "info", event: "sync_message", kitchen_id: parsed.data.kitchenId, kind: parsed.data.kind }
          : { level: "warn", event: "sync_message_rejected", message_id: message.id, issues: parsed.error.issues.length },
      );
      message.ack();
    }
  },
} satisfies ExportedHandler<Bindings, unknown>;
