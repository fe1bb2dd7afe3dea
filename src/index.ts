import { app } from "./app";
import type { Bindings } from "./app-env";
import { logEvent } from "./log";
import { consumeDeadLetters, DEAD_LETTER_QUEUE } from "./sync/dead-letters";
import { fanOutDueKitchens } from "./sync/fan-out";
import { consumeSyncMessages } from "./sync/queue-consumer";

export { KitchenSyncScheduler } from "./scheduler/kitchen-sync-scheduler";

export default {
  fetch: app.fetch,

  async scheduled(controller, env) {
    const { due, batches } = await fanOutDueKitchens(env, new Date(controller.scheduledTime));
    logEvent("info", "cron_tick", { cron: controller.cron, due, batches });
  },

  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetters(batch, env);
    else await consumeSyncMessages(batch, env);
  },
} satisfies ExportedHandler<Bindings, unknown>;
