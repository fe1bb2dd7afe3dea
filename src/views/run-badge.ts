import type { SYNC_RUN_STATUSES } from "../db/schema";

/** The badge style of a sync run's status, the same on every page. */
export function runBadgeClass(status: (typeof SYNC_RUN_STATUSES)[number]): string {
  return status === "success" ? "badge ok" : status === "failed" ? "badge failed" : status === "running" ? "badge running" : "badge off";
}
