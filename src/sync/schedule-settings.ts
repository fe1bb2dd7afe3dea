// A kitchen's sync schedule as an admin sets it: on or off, the interval, how many days
// ahead, and where alerts go. Saved to D1 and handed to the kitchen's scheduler at once, so
// disabling stops runs, enabling makes the kitchen due now, and a new interval moves the
// next due time.
import * as z from "zod";
import type { Bindings } from "../app-env";
import { SYNC_INTERVALS_MINUTES } from "../domain/sync-schedule";
import { schedulerFor } from "./run-with-lease";

export const MAX_DAYS_AHEAD = 30;
const INTERVAL_MESSAGE = `the interval must be one of ${SYNC_INTERVALS_MINUTES.join(", ")} minutes`;
const DAYS_AHEAD_MESSAGE = `days ahead must be a whole number from 1 to ${MAX_DAYS_AHEAD}`;

const WEBHOOK_MESSAGE = "the alert webhook must be a full https:// address, or empty for none";

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

export const ScheduleSettings = z.object({
  enabled: z.boolean(),
  intervalMinutes: z.coerce
    .number(INTERVAL_MESSAGE)
    .refine((value): value is (typeof SYNC_INTERVALS_MINUTES)[number] => (SYNC_INTERVALS_MINUTES as readonly number[]).includes(value), INTERVAL_MESSAGE),
  daysAhead: z.coerce.number(DAYS_AHEAD_MESSAGE).int(DAYS_AHEAD_MESSAGE).min(1, DAYS_AHEAD_MESSAGE).max(MAX_DAYS_AHEAD, DAYS_AHEAD_MESSAGE),
  /** Where the fifth failure in a row is POSTed; null: nowhere (the banner and the log line still tell). */
  alertWebhookUrl: z.preprocess(
    (value) => (value === null ? "" : value),
    z
      .string(WEBHOOK_MESSAGE)
      .trim()
      .max(2000, WEBHOOK_MESSAGE)
      .refine((text) => text === "" || isHttpsUrl(text), WEBHOOK_MESSAGE)
      .transform((text) => (text === "" ? null : text)),
  ),
});
export type ScheduleSettings = z.infer<typeof ScheduleSettings>;

export async function saveScheduleSettings(env: Bindings, kitchenId: number, settings: ScheduleSettings): Promise<void> {
  // The scheduler first: on its first use it reads the settings D1 still holds, so it can
  // tell "just enabled" from "already on".
  await schedulerFor(env, kitchenId).configure(kitchenId, { enabled: settings.enabled, intervalMinutes: settings.intervalMinutes });
  await env.DB.prepare("UPDATE sync_settings SET enabled = ?, interval_minutes = ?, days_ahead = ?, alert_webhook_url = ? WHERE kitchen_id = ?")
    .bind(settings.enabled ? 1 : 0, settings.intervalMinutes, settings.daysAhead, settings.alertWebhookUrl, kitchenId)
    .run();
}
