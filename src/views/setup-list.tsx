import type { KitchenSetup } from "../db/kitchen-setup";
import { DEFAULT_DAYS_AHEAD, DEFAULT_SYNC_INTERVAL_MINUTES } from "../domain/sync-schedule";
import { formatInstant } from "./format";

function Status({ ok, label }: { ok: boolean; label: string }) {
  return <span class={ok ? "badge ok" : "badge off"}>{label}</span>;
}

/**
 * The newest attempt and the last success, each for what it is: "Last sync 16:05: success.",
 * or "Last attempt 16:05: failed. Last success 01:12." while it fails.
 */
export function syncStatusLine(sync: KitchenSetup["sync"], timeZone: string): string {
  const attempt = sync?.lastAttemptAt ?? null;
  const success = sync?.lastSyncAt ?? null;
  if (attempt === null && success === null) return "No sync has run yet.";
  if (attempt === null || (attempt === success && sync?.lastSyncStatus === "success")) return `Last sync ${formatInstant((attempt ?? success)!, timeZone)}: success.`;
  const tried = `Last attempt ${formatInstant(attempt, timeZone)}: ${sync?.lastSyncStatus ?? "unknown"}.`;
  return `${tried} ${success === null ? "No success yet." : `Last success ${formatInstant(success, timeZone)}.`}`;
}

/** What a kitchen has configured, in words a chef reads at a glance. */
export function SetupList({ setup, timeZone }: { setup: KitchenSetup; timeZone: string }) {
  const { newbook, resos, sync } = setup;
  const enabled = sync?.enabled ?? true;
  const syncRuns = enabled && newbook !== null;
  const syncLabel = !enabled ? "Paused" : newbook ? "On" : "Waiting for Newbook";
  return (
    <dl class="setup">
      <div>
        <dt>
          Newbook <Status ok={newbook !== null} label={newbook ? "Connected" : "Not connected"} />
        </dt>
        <dd>
          {newbook
            ? `Region ${newbook.region}. Credentials set, changed on ${formatInstant(newbook.updatedAt, timeZone)}.`
            : "Stays and rooms come from Newbook. Nothing syncs until it is connected."}
        </dd>
      </div>
      <div>
        <dt>
          resOS <Status ok={resos !== null} label={resos ? "Connected" : "Not connected"} />
        </dt>
        <dd>
          {resos
            ? `API key set, changed on ${formatInstant(resos.updatedAt, timeZone)}.`
            : "Optional: table bookings come from resOS."}
        </dd>
      </div>
      <div>
        <dt>
          Sync <Status ok={syncRuns} label={syncLabel} />
        </dt>
        <dd>
          {`Every ${sync?.intervalMinutes ?? DEFAULT_SYNC_INTERVAL_MINUTES} minutes, today and the next ${sync?.daysAhead ?? DEFAULT_DAYS_AHEAD} days. `}
          {syncStatusLine(sync, timeZone)}
        </dd>
      </div>
    </dl>
  );
}
