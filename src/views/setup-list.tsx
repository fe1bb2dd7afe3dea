import type { KitchenSetup } from "../db/kitchen-setup";
import { formatInstant } from "../domain/kitchen-time";

function Status({ ok, label }: { ok: boolean; label: string }) {
  return <span class={ok ? "badge ok" : "badge off"}>{label}</span>;
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
          {sync
            ? `Every ${sync.intervalMinutes} minutes, today and the next ${sync.daysAhead} days. `
            : "Every 15 minutes, today and the next 7 days (defaults). "}
          {sync?.lastSyncAt
            ? `Last sync ${formatInstant(sync.lastSyncAt, timeZone)}: ${sync.lastSyncStatus ?? "unknown"}.`
            : "No sync has run yet."}
        </dd>
      </div>
    </dl>
  );
}
