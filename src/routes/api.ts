import { Hono, type Context } from "hono";
import * as z from "zod";
import type { AppEnv, Bindings } from "../app-env";
import { requireApiCaller, requireApiRole } from "../auth/middleware";
import { loadChart } from "../db/chart-read-model";
import { getSyncRun, listSyncRuns, syncRunJson } from "../db/sync-runs";
import { parseChartWindow } from "../domain/chart-window";
import { todayInZone } from "../domain/dates";
import { residentsChartJson } from "../domain/residents-chart";
import { cancelQueuedSync, startQueuedSync, type QueuedStart } from "../sync/queued-sync";
import { saveScheduleSettings, ScheduleSettings } from "../sync/schedule-settings";
import { HistoricalRangeInput } from "../sync/sync-ranges";

interface ScheduleRow {
  enabled: number;
  interval_minutes: number;
  days_ahead: number;
  last_sync_at: string | null;
  last_sync_status: string | null;
  last_error_message: string | null;
  consecutive_failures: number;
  next_due_at: string | null;
  alert_webhook_url: string | null;
}

async function scheduleRow(env: Bindings, kitchenId: number): Promise<ScheduleRow> {
  const row = await env.DB.prepare(
    "SELECT enabled, interval_minutes, days_ahead, last_sync_at, last_sync_status, last_error_message, consecutive_failures, next_due_at, alert_webhook_url FROM sync_settings WHERE kitchen_id = ?",
  )
    .bind(kitchenId)
    .first<ScheduleRow>();
  if (!row) throw new Error(`kitchen ${kitchenId} has no sync settings`);
  return row;
}

/** The seed system's shape for the frequent-sync settings and status. */
function frequentSyncJson(row: ScheduleRow) {
  return {
    is_enabled: row.enabled === 1,
    sync_interval_minutes: row.interval_minutes,
    days_ahead: row.days_ahead,
    last_sync_at: row.last_sync_at,
    last_sync_status: row.last_sync_status,
    last_error_message: row.last_error_message,
    consecutive_failures: row.consecutive_failures,
    next_due_at: row.next_due_at,
    // The URL itself can carry a secret token: it is shown to admins in Settings, never here.
    has_alert_webhook: row.alert_webhook_url !== null,
  };
}

/** The run a path's :id names, if it is the caller's kitchen's. */
async function runOf(c: Context<AppEnv>) {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  return getSyncRun(c.var.db, c.var.apiCaller.kitchen.id, id);
}

/** 202 with the queued run and where to follow it, or 409 while another run holds the kitchen. */
async function queuedRunAnswer(c: Context<AppEnv>, result: QueuedStart): Promise<Response> {
  if (!result.started && result.reason === "running") return c.json({ error: ALREADY_RUNNING }, 409);
  if (!result.started) return c.json({ error: NOT_STARTED }, 503);
  const run = (await getSyncRun(c.var.db, c.var.apiCaller.kitchen.id, result.runId))!;
  c.header("Location", `/api/newbook/sync/runs/${run.id}`);
  return c.json(syncRunJson(run), 202);
}

const ALREADY_RUNNING = "A sync is running for this kitchen already; try again when it has finished.";
const NOT_STARTED = "The sync could not be started just now; nothing was changed. Try again in a moment.";

const LogsQuery = z.object({
  limit: z.coerce.number("limit must be a whole number from 1 to 100").int().min(1).max(100, "limit must be a whole number from 1 to 100").default(20),
});

// JSON API. The caller's kitchen comes from the bearer token, or the session's current kitchen.
export const apiRoutes = new Hono<AppEnv>()
  .use(requireApiCaller)
  .get("/kitchen", (c) => {
    const { kitchen, via } = c.var.apiCaller;
    return c.json({ slug: kitchen.slug, name: kitchen.name, time_zone: kitchen.timeZone, role: kitchen.role, auth: via });
  })
  .post("/newbook/sync/upcoming", requireApiRole("admin"), async (c) => {
    const { kitchen } = c.var.apiCaller;
    return queuedRunAnswer(c, await startQueuedSync(c.env, kitchen.id, "manual", null, c.var.now));
  })
  .post("/newbook/sync/historical", requireApiRole("admin"), async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const parsed = HistoricalRangeInput.safeParse(body ?? {});
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]!.message }, 400);
    const { kitchen } = c.var.apiCaller;
    return queuedRunAnswer(c, await startQueuedSync(c.env, kitchen.id, "historical", parsed.data, c.var.now));
  })
  .get("/newbook/sync/runs/:id", async (c) => {
    const run = await runOf(c);
    return run ? c.json(syncRunJson(run)) : c.json({ error: "No such sync run in this kitchen." }, 404);
  })
  .post("/newbook/sync/runs/:id/cancel", requireApiRole("admin"), async (c) => {
    const run = await runOf(c);
    if (!run) return c.json({ error: "No such sync run in this kitchen." }, 404);
    if (run.status !== "running" || run.kind === "frequent") return c.json({ error: "Only a running Sync now or historical run can be cancelled." }, 409);
    const by = c.var.user?.email ?? `API token ${c.var.apiCaller.apiTokenId}`;
    if (!(await cancelQueuedSync(c.env, c.var.apiCaller.kitchen.id, run.id, by))) {
      return c.json({ error: "This run is ending already and can no longer be cancelled." }, 409);
    }
    return c.json(syncRunJson((await getSyncRun(c.var.db, c.var.apiCaller.kitchen.id, run.id))!));
  })
  .get("/residents-table-chart", async (c) => {
    const { kitchen, userId, apiTokenId } = c.var.apiCaller;
    const today = todayInZone(kitchen.timeZone, c.var.now);
    const parsed = parseChartWindow({ start: c.req.query("start_date"), nights: c.req.query("nights") }, today);
    if (!parsed.ok) return c.json({ error: parsed.error.replace(/^start /, "start_date ") }, 400);
    const { input } = await loadChart(c.var.db, kitchen, parsed.window, { userId, apiTokenId, view: "api" }, c.var.now);
    return c.json(residentsChartJson(input));
  })
  .get("/settings/newbook-frequent-sync", async (c) => {
    return c.json(frequentSyncJson(await scheduleRow(c.env, c.var.apiCaller.kitchen.id)));
  })
  .post("/settings/newbook-frequent-sync", requireApiRole("admin"), async (c) => {
    const kitchenId = c.var.apiCaller.kitchen.id;
    const body = await c.req.json().catch(() => undefined);
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      return c.json({ detail: "Send a JSON object with is_enabled, sync_interval_minutes, days_ahead and/or alert_webhook_url." }, 400);
    }
    const given = body as Record<string, unknown>;
    if ("is_enabled" in given && typeof given.is_enabled !== "boolean") return c.json({ detail: "is_enabled must be true or false." }, 400);
    const current = await scheduleRow(c.env, kitchenId);
    const parsed = ScheduleSettings.safeParse({
      enabled: given.is_enabled ?? current.enabled === 1,
      intervalMinutes: "sync_interval_minutes" in given ? given.sync_interval_minutes : current.interval_minutes,
      daysAhead: "days_ahead" in given ? given.days_ahead : current.days_ahead,
      alertWebhookUrl: "alert_webhook_url" in given ? given.alert_webhook_url : current.alert_webhook_url,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = { intervalMinutes: "sync_interval_minutes", daysAhead: "days_ahead", alertWebhookUrl: "alert_webhook_url" }[String(issue.path[0])] ?? "body";
      return c.json({ detail: `${field}: ${issue.message}.` }, 400);
    }
    await saveScheduleSettings(c.env, kitchenId, parsed.data);
    return c.json(frequentSyncJson(await scheduleRow(c.env, kitchenId)));
  })
  .get("/newbook/sync/logs", async (c) => {
    const parsed = LogsQuery.safeParse({ limit: c.req.query("limit") });
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]!.message }, 400);
    const runs = await listSyncRuns(c.var.db, c.var.apiCaller.kitchen.id, parsed.data.limit);
    return c.json(runs.map(syncRunJson));
  });
