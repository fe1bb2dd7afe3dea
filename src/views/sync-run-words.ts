import type { SyncRunKind, SyncRunStatus } from "../domain/sync-run";

/** The badge style of a sync run's status, the same on every page. */
export function runBadgeClass(status: SyncRunStatus): string {
  return status === "success" ? "badge ok" : status === "failed" || status === "partial" ? "badge failed" : status === "running" ? "badge running" : "badge off";
}

const KIND_LABELS: Record<SyncRunKind, string> = { scheduled: "Scheduled", manual: "Sync now", historical: "Range" };

/** What a run was, in the words the pages use: "Scheduled", "Sync now", "Range". */
export function runKindLabel(kind: SyncRunKind): string {
  return KIND_LABELS[kind];
}
