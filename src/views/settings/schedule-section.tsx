import type { KitchenSetup } from "../../db/kitchen-setup";
import { formatAge, formatInstant } from "../../domain/kitchen-time";
import { ALERT_AFTER_FAILURES, SYNC_INTERVALS_MINUTES } from "../../domain/sync-schedule";
import { Message } from "../messages";
import { runBadgeClass } from "../run-badge";

export const SCHEDULE_SECTION_ID = "schedule-section";

export interface ScheduleFormState {
  notice?: string;
  error?: string;
  /** What was entered, shown again with an error. */
  entered?: { enabled: boolean; intervalMinutes: string; daysAhead: string; alertWebhookUrl: string };
}

export function ScheduleSection({ slug, setup, timeZone, now, state }: { slug: string; setup: KitchenSetup; timeZone: string; now: Date; state: ScheduleFormState }) {
  const action = `/k/${slug}/settings/schedule`;
  const sync = setup.sync;
  const enabled = state.entered?.enabled ?? sync?.enabled ?? true;
  const interval = state.entered?.intervalMinutes ?? String(sync?.intervalMinutes ?? 15);
  const daysAhead = state.entered?.daysAhead ?? String(sync?.daysAhead ?? 7);
  const webhook = state.entered?.alertWebhookUrl ?? sync?.alertWebhookUrl ?? "";
  return (
    <section class="card" id={SCHEDULE_SECTION_ID}>
      <h2>Schedule</h2>
      <dl class="facts">
        <div>
          <dt>Last successful sync</dt>
          <dd>{sync?.lastSyncAt ? `${formatAge(sync.lastSyncAt, now)} (${formatInstant(sync.lastSyncAt, timeZone)})` : "never"}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span class={sync?.lastSyncStatus ? runBadgeClass(sync.lastSyncStatus) : "badge off"}>
              {sync?.lastSyncStatus ?? "none yet"}
            </span>
          </dd>
        </div>
        <div>
          <dt>Failures in a row</dt>
          <dd>{String(sync?.consecutiveFailures ?? 0)}</dd>
        </div>
        <div>
          <dt>Next sync due</dt>
          <dd class="next-due">{!enabled ? "paused" : sync?.nextDueAt ? formatInstant(sync.nextDueAt, timeZone) : "now"}</dd>
        </div>
        {sync?.lastErrorMessage ? (
          <div>
            <dt>Last error</dt>
            <dd>{sync.lastErrorMessage}</dd>
          </div>
        ) : null}
      </dl>
      <Message text={state.notice} />
      <Message text={state.error} failed />
      <form method="post" action={action} class="stack" hx-post={action} hx-target={`#${SCHEDULE_SECTION_ID}`} hx-swap="outerHTML">
        <label class="check">
          <input type="checkbox" name="enabled" value="on" checked={enabled} />
          Sync automatically
        </label>
        <label>
          Every
          <select name="interval_minutes">
            {SYNC_INTERVALS_MINUTES.map((minutes) => (
              <option value={String(minutes)} selected={String(minutes) === interval}>
                {`${minutes} minutes${minutes === 15 ? " (recommended)" : ""}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Days ahead (1 to 30)
          <input type="number" name="days_ahead" min={1} max={30} step={1} value={daysAhead} inputmode="numeric" />
        </label>
        <label>
          Alert webhook URL (optional)
          <input
            type="url"
            name="alert_webhook_url"
            value={webhook}
            placeholder="https://hooks.example.com/..."
            inputmode="url"
            autocomplete="off"
            aria-describedby="alert-webhook-hint"
          />
        </label>
        <p class="muted hint" id="alert-webhook-hint">
          {`At the ${ALERT_AFTER_FAILURES}th failure in a row, the kitchen's pages show a red banner; this address also gets a POST (JSON with a "text" line, as Slack, Teams and Google Chat expect), and another once the sync works again.`}
        </p>
        <button type="submit" class="primary">
          Save schedule
        </button>
      </form>
    </section>
  );
}
