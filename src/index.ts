import { app } from "./app";
import type { Bindings } from "./app-env";
import { database } from "./db/client";
import { purgeExpiredPersonalData } from "./db/personal-data-purge";
import { RETENTION_PURGE_CRON } from "./domain/retention";
import { logEvent } from "./log";
import { consumeDeadLetters, DEAD_LETTER_QUEUE } from "./sync/dead-letters";
import { fanOutDueKitchens } from "./sync/fan-out";
import { consumeSyncMessages } from "./sync/queue-consumer";

export { KitchenSyncScheduler } from "./scheduler/kitchen-sync-scheduler";
export { ApiCallLimiter } from "./limits/api-call-limiter";

export default {
  fetch: app.fetch,

  async scheduled(controller, env) {
    const now = new Date(controller.scheduledTime);
    if (controller.cron === RETENTION_PURGE_CRON) {
      const purged = await purgeExpiredPersonalData(database(env.DB), now);
      logEvent("info", "retention_purge", { cron: controller.cron, kitchens: purged.kitchens, room_nights: purged.roomNights, table_bookings: purged.tableBookings });
      return;
    }
    const { due, batches } = await fanOutDueKitchens(env, now);
    logEvent("info", "cron_tick", { cron: controller.cron, due, batches });
  },

  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetters(batch, env);
    else await consumeSyncMessages(batch, env);
  },
} satisfies ExportedHandler<Bindings, unknown>;
