// The schedule and its status on the wire, in the seed system's frequent-sync shape, with the
// newest attempt beside the last success.
import type { ScheduleRow } from "../../db/run-store";

export function scheduleJson(row: ScheduleRow) {
  return {
    is_enabled: row.enabled,
    sync_interval_minutes: row.intervalMinutes,
    days_ahead: row.daysAhead,
    /** The last SUCCESSFUL sync, as the seed system meant it. */
    last_sync_at: row.lastSyncAt,
    /** The newest run: its start while it runs, then its end; last_sync_status says how it went. */
    last_attempt_at: row.lastAttemptAt,
    last_sync_status: row.lastSyncStatus,
    last_error_message: row.lastErrorMessage,
    consecutive_failures: row.consecutiveFailures,
    next_due_at: row.nextDueAt,
    // The URL itself can carry a secret token: it is shown to admins in Settings, never here.
    has_alert_webhook: row.alertWebhookUrl !== null,
  };
}
