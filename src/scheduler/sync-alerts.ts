// A kitchen's sync alerts: at the fifth failure in a row, a log line at level critical and,
// when the kitchen has set one, a POST to its alert webhook; the same webhook hears when the
// sync recovers. The body carries `text` (what Slack, Teams and Google Chat webhooks show)
// and the facts as fields for anything else.
import type { SyncAlert } from "../domain/sync-schedule";
import { logEvent } from "../log";

/** How long a webhook may take before the alert gives up on it. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface AlertFacts {
  kitchenId: number;
  slug: string;
  name: string;
  consecutiveFailures: number;
  lastError: string | null;
  webhookUrl: string | null;
  at: Date;
}

export function alertText(alert: SyncAlert, facts: AlertFacts): string {
  if (alert === "recovered") return `Kitchen Residents: a sync for ${facts.name} has succeeded again, after the failures reported before.`;
  return (
    `Kitchen Residents: the sync for ${facts.name} has failed ${facts.consecutiveFailures} times in a row. ` +
    `The residents chart may be out of date. Last error: ${facts.lastError ?? "not recorded"}`
  );
}

export function alertPayload(alert: SyncAlert, facts: AlertFacts) {
  return {
    text: alertText(alert, facts),
    event: alert === "failing" ? "sync_failing" : "sync_recovered",
    kitchen: facts.slug,
    kitchen_name: facts.name,
    consecutive_failures: facts.consecutiveFailures,
    last_error: alert === "failing" ? facts.lastError : null,
    at: facts.at.toISOString(),
  };
}

/** Logs the alert; the webhook POST is returned for the caller to wait on (or not). Never throws. */
export function raiseSyncAlert(alert: SyncAlert, facts: AlertFacts, fetcher: typeof fetch): Promise<void> {
  logEvent(alert === "failing" ? "critical" : "info", alert === "failing" ? "sync_alert" : "sync_recovered", {
    kitchen_id: facts.kitchenId,
    consecutive_failures: facts.consecutiveFailures,
    last_error: facts.lastError,
    webhook: facts.webhookUrl !== null,
  });
  if (!facts.webhookUrl) return Promise.resolve();
  return postWebhook(facts.webhookUrl, alertPayload(alert, facts), facts.kitchenId, fetcher);
}

async function postWebhook(url: string, payload: ReturnType<typeof alertPayload>, kitchenId: number, fetcher: typeof fetch): Promise<void> {
  try {
    const response = await fetcher(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "KitchenResidents-Alerts/1" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) logEvent("error", "alert_webhook_failed", { kitchen_id: kitchenId, status: response.status });
    await response.body?.cancel();
  } catch (error) {
    logEvent("error", "alert_webhook_failed", { kitchen_id: kitchenId, message: String(error) });
  }
}
