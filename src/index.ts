import { app } from "./app";
import type { Bindings } from "./app-env";
import { fanOutDueKitchens } from "./sync/fan-out";
import { logEvent } from "./log";
import { consumeSyncMessages } from "./sync/queue-consumer";

export { KitchenSyncScheduler } from "./scheduler/kitchen-sync-scheduler";

export default {
  fetch: app.fetch,

  async scheduled(controller, env) {
    const { due, batches } = await fanOutDueKitchens(env, new Date(controller.scheduledTime));
    logEvent("info", "cron_tick", { cron: controller.cron, due, batches });
  },

  async queue(batch, env) {
    await consumeSyncMessages(batch, env);
  },
} satisfies ExportedHandler<Bindings, unknown>;
