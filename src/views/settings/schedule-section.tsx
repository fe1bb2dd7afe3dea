import type { KitchenSetup } from "../../db/kitchen-setup";
import { ALERT_AFTER_FAILURES, DEFAULT_DAYS_AHEAD, DEFAULT_SYNC_INTERVAL_MINUTES, MAX_DAYS_AHEAD, SYNC_INTERVALS_MINUTES } from "../../domain/sync-schedule";
import { formatAge, formatInstant } from "../format";
import { FieldError, invalidAttributes, type FieldErrors } from "../form-fields";
import { Message } from "../messages";
import { runBadgeClass } from "../sync-run-words";

export const SCHEDULE_SECTION_ID = "schedule-section";

export interface ScheduleFormState {
  notice?: string;
  /** Why the form was not saved, by field; `failed` when our own platform refused instead. */
  errors?: FieldErrors;
  failed?: string;
  /** What was entered, shown again with the problems: the form's own field names. */
  entered?: Record<string, string>;
}

export function ScheduleSection({ slug, setup, timeZone, now, state }: { slug: string; setup: KitchenSetup; timeZone: string; now: Date; state: ScheduleFormState }) {
  const action = `/k/${slug}/settings/schedule`;
  const sync = setup.sync;
  const entered = state.entered;
  const errors = state.errors;
  const enabled = entered ? entered.enabled === "on" : (sync?.enabled ?? true);
  const interval = entered?.interval_minutes ?? String(sync?.intervalMinutes ?? DEFAULT_SYNC_INTERVAL_MINUTES);
  const daysAhead = entered?.days_ahead ?? String(sync?.daysAhead ?? DEFAULT_DAYS_AHEAD);
  const webhook = entered?.alert_webhook_url ?? sync?.alertWebhookUrl ?? "";
  return (
    <section class="card" id={SCHEDULE_SECTION_ID}>
      <h2>Schedule</h2>
      <dl class="facts">
        <div>
          <dt>Last attempt</dt>
          <dd>
            <span class={sync?.lastSyncStatus ? runBadgeClass(sync.lastSyncStatus) : "badge off"}>{sync?.lastSyncStatus ?? "none yet"}</span>
            {sync?.lastAttemptAt ? ` ${formatAge(sync.lastAttemptAt, now)} (${formatInstant(sync.lastAttemptAt, timeZone)})` : null}
          </dd>
        </div>
        <div>
          <dt>Last successful sync</dt>
          <dd>{sync?.lastSyncAt ? `${formatAge(sync.lastSyncAt, now)} (${formatInstant(sync.lastSyncAt, timeZone)})` : "never"}</dd>
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
      <form method="post" action={action} class="stack" hx-post={action} hx-target={`#${SCHEDULE_SECTION_ID}`} hx-swap="outerHTML">
        <label class="check">
          <input type="checkbox" name="enabled" value="on" checked={enabled} {...invalidAttributes(errors, "enabled")} />
          Sync automatically
          <FieldError errors={errors} name="enabled" />
        </label>
        <label>
          Every
          <select name="interval_minutes" {...invalidAttributes(errors, "interval_minutes")}>
            {SYNC_INTERVALS_MINUTES.map((minutes) => (
              <option value={String(minutes)} selected={String(minutes) === interval}>
                {`${minutes} minutes${minutes === DEFAULT_SYNC_INTERVAL_MINUTES ? " (recommended)" : ""}`}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="interval_minutes" />
        </label>
        <label>
          {`Days ahead (1 to ${MAX_DAYS_AHEAD})`}
          <input type="number" name="days_ahead" min={1} max={MAX_DAYS_AHEAD} step={1} value={daysAhead} inputmode="numeric" {...invalidAttributes(errors, "days_ahead")} />
          <FieldError errors={errors} name="days_ahead" />
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
            {...invalidAttributes(errors, "alert_webhook_url", "alert-webhook-hint")}
          />
          <FieldError errors={errors} name="alert_webhook_url" />
        </label>
        <p class="muted hint" id="alert-webhook-hint">
          {`At the ${ALERT_AFTER_FAILURES}th failure in a row, the kitchen's pages show a red banner; this address also gets a POST (JSON with a "text" line, as Slack, Teams and Google Chat expect), and another once the sync works again.`}
        </p>
        <button type="submit" class="primary">
          Save schedule
        </button>
        <Message text={state.notice} result />
        <Message text={errors ? "Not saved: see the fields marked above." : state.failed} failed result />
      </form>
    </section>
  );
}
