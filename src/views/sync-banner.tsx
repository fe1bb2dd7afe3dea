// The banner every page of a kitchen shows when its sync needs attention: red when
// it has failed ALERT_AFTER_FAILURES times in a row, amber when no sync has succeeded for
// more than twice the interval. Nothing when all is well, the schedule is off, or Newbook
// is not connected (the dashboard's set-up list says so instead).
import type { KitchenMembership } from "../auth/sessions";
import { formatAge, formatInstant } from "./format";
import { syncHealth } from "../domain/sync-schedule";
import { needsNewCredentials, plainSyncFailure } from "./sync-failure-words";

export function SyncBanner({ kitchen, now }: { kitchen: KitchenMembership; now: Date }) {
  const sync = kitchen.sync;
  if (!sync || !sync.connected) return null;
  const health = syncHealth({
    enabled: sync.enabled,
    consecutiveFailures: sync.consecutiveFailures,
    lastSuccessAtMs: sync.lastSuccessAt ? Date.parse(sync.lastSuccessAt) : null,
    enabledSinceMs: sync.enabledSince ? Date.parse(sync.enabledSince) : null,
    intervalMinutes: sync.intervalMinutes,
    nowMs: now.getTime(),
  });
  if (!health) return null;
  const base = `/k/${kitchen.slug}`;
  const lastSuccess = sync.lastSuccessAt
    ? `The data shown is from the last successful sync, ${formatAge(sync.lastSuccessAt, now)} (${formatInstant(sync.lastSuccessAt, kitchen.timeZone)}).`
    : "No sync has succeeded yet.";
  const credentials = needsNewCredentials(sync.lastError);
  const credentialsSection = sync.lastError?.includes("resOS") ? "resos-section" : "newbook-section";
  const next =
    kitchen.role === "admin" ? (
      <>
        {" "}
        {credentials ? "Enter them again in " : "See "}
        <a href={`${base}/settings#${credentials ? credentialsSection : "schedule-section"}`}>Settings</a>; the details of each try are in <a href={`${base}/history`}>History</a>.
      </>
    ) : (
      <>
        {" "}
        {credentials ? "Ask an admin of this kitchen to enter them again in Settings." : "Ask an admin of this kitchen to look into it; the details are in "}
        {credentials ? null : (
          <>
            <a href={`${base}/history`}>History</a>.
          </>
        )}
      </>
    );
  if (health === "alert") {
    const what = plainSyncFailure(sync.lastError);
    return (
      <div class="banner banner-alert" role="alert" data-sync-health="alert">
        <strong>{`The sync is failing: ${sync.consecutiveFailures} times in a row.`}</strong>
        {what === null ? "" : ` ${what}`} {lastSuccess}
        {next}
      </div>
    );
  }
  return (
    <div class="banner banner-stale" role="status" data-sync-health="stale">
      <strong>Data may be stale.</strong> {lastSuccess} {`The sync should run every ${sync.intervalMinutes} minutes.`}
      {next}
    </div>
  );
}
