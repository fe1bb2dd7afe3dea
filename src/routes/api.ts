import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { checkApiCaller, readApiView, requireApiCaller, requireApiRole } from "../auth/middleware";
import { chartRead, type ChartData } from "../db/chart-read-model";
import { mapRead, readNothing, type BatchRead } from "../db/client";
import { getRun, getSchedule, listRuns } from "../db/run-store";
import { chartWindow, parseChartWindow } from "../domain/chart-window";
import { upcomingRange } from "../domain/date-range";
import { todayInZone } from "../domain/dates";
import { residentsChartJson } from "../views/json/residents-chart-json";
import { serviceSheetJson } from "../views/json/service-sheet-json";
import { buildServiceSheet } from "../views/tonight/service-sheet";
import { cancelRun, runRequest, saveSchedule, startRun } from "../sync/run-control";
import { scheduleJson } from "../views/json/schedule-json";
import { syncRunJson } from "../views/json/sync-run-json";
import { ChartQuery, LogsQuery, RangeInput, RunPath, ScheduleJson, ServiceSheetQuery } from "./inputs";
import { jsonError } from "./respond";
import { resosApiRoutes } from "./resos-api";
import { startedAnswer } from "./started-run";
import { apiInput } from "./validation";

const NO_SUCH_RUN = "No such sync run in this kitchen.";
const NOT_SAVED = "The schedule could not be saved just now; nothing was changed. Try again in a moment.";

/** The run a path's :id names, if it is the caller's kitchen's. */
async function runOf(c: Context<AppEnv>) {
  const path = RunPath.safeParse({ id: c.req.param("id") });
  return path.success ? getRun(c.var.db, c.var.apiCaller.kitchen.id, path.data.id) : undefined;
}

async function scheduleOf(c: Context<AppEnv>) {
  const row = await getSchedule(c.var.db, c.var.apiCaller.kitchen.id);
  if (!row) throw new Error(`kitchen ${c.var.apiCaller.kitchen.id} has no schedule row`);
  return row;
}

// JSON API. The caller's kitchen comes from the bearer token, or the session's current kitchen.
export const apiRoutes = new Hono<AppEnv>()
  // The chart's and Tonight's JSON read their caller in their own one D1 batch
  // (src/auth/caller-read.ts); a query they refuse is refused only to a caller who may ask.
  .get("/residents-table-chart", apiInput("query", ChartQuery, { callerFirst: checkApiCaller }), async (c) => {
    const query = c.req.valid("query");
    const answer = await readApiView(c, (kitchen): BatchRead<{ error: string } | { chart: ChartData }> => {
      const parsed = parseChartWindow({ start: query.start_date, nights: query.nights }, todayInZone(kitchen.timeZone, c.var.now));
      if (!parsed.ok) return readNothing({ error: parsed.error });
      const viewer = { userId: kitchen.userId, apiTokenId: kitchen.apiTokenId, view: "api" as const };
      return mapRead(chartRead(c.var.db, kitchen, parsed.window, viewer, c.var.now), (chart) => ({ chart }));
    });
    if ("error" in answer) {
      const field = answer.error.startsWith("nights") ? "nights" : "start_date";
      return jsonError(c, 400, answer.error.replace(/^start /, "start_date "), { field });
    }
    return c.json(residentsChartJson(answer.chart.input));
  })
  .get("/service-sheet", apiInput("query", ServiceSheetQuery, { callerFirst: checkApiCaller }), async (c) => {
    const query = c.req.valid("query");
    const { chart } = await readApiView(c, (kitchen) => {
      const date = query.date ?? todayInZone(kitchen.timeZone, c.var.now);
      const viewer = { userId: kitchen.userId, apiTokenId: kitchen.apiTokenId, view: "api" as const };
      return mapRead(chartRead(c.var.db, kitchen, chartWindow(date, 1), viewer, c.var.now), (chart) => ({ chart }));
    });
    const { kitchen } = c.var.apiCaller;
    return c.json(serviceSheetJson(buildServiceSheet(chart.input, query.filter ?? "all"), chart.lastSyncAt, kitchen.showGuestNames));
  })
  .use(requireApiCaller)
  .route("/resos", resosApiRoutes)
  .get("/kitchen", (c) => {
    const { kitchen, via } = c.var.apiCaller;
    return c.json({ slug: kitchen.slug, name: kitchen.name, time_zone: kitchen.timeZone, role: kitchen.role, auth: via });
  })
  .post("/newbook/sync/upcoming", requireApiRole("admin"), async (c) => {
    const { kitchen } = c.var.apiCaller;
    const range = upcomingRange(kitchen.timeZone, kitchen.sync.daysAhead, c.var.now);
    return startedAnswer(c, await startRun(c.env, runRequest(kitchen.id, "manual", range, { resos: kitchen.sync.tablesConnected })));
  })
  .post("/newbook/sync/historical", requireApiRole("admin"), apiInput("json", RangeInput), async (c) => {
    const { kitchen } = c.var.apiCaller;
    return startedAnswer(c, await startRun(c.env, runRequest(kitchen.id, "historical", c.req.valid("json"), { resos: kitchen.sync.tablesConnected })));
  })
  .get("/newbook/sync/runs/:id", async (c) => {
    const run = await runOf(c);
    return run ? c.json(syncRunJson(run)) : jsonError(c, 404, NO_SUCH_RUN);
  })
  .post("/newbook/sync/runs/:id/cancel", requireApiRole("admin"), async (c) => {
    const run = await runOf(c);
    if (!run) return jsonError(c, 404, NO_SUCH_RUN);
    if (run.status !== "running") return jsonError(c, 409, "Only a running sync can be cancelled; this one has ended.");
    const by = c.var.user?.email ?? `API token ${c.var.apiCaller.apiTokenId}`;
    if (!(await cancelRun(c.env, c.var.apiCaller.kitchen.id, run.id, by))) {
      return jsonError(c, 409, "This run is ending already and can no longer be cancelled.");
    }
    return c.json(syncRunJson((await getRun(c.var.db, c.var.apiCaller.kitchen.id, run.id))!));
  })
  .get("/settings/newbook-frequent-sync", async (c) => c.json(scheduleJson(await scheduleOf(c))))
  .post("/settings/newbook-frequent-sync", requireApiRole("admin"), apiInput("json", ScheduleJson, { detail: true }), async (c) => {
    const given = c.req.valid("json");
    const current = await scheduleOf(c);
    const settings = {
      enabled: given.is_enabled ?? current.enabled,
      intervalMinutes: given.sync_interval_minutes ?? current.intervalMinutes,
      daysAhead: given.days_ahead ?? current.daysAhead,
      alertWebhookUrl: given.alert_webhook_url === undefined ? current.alertWebhookUrl : given.alert_webhook_url,
    };
    if (!(await saveSchedule(c.env, c.var.apiCaller.kitchen.id, settings))) return jsonError(c, 503, NOT_SAVED, { detail: true });
    return c.json(scheduleJson(await scheduleOf(c)));
  })
  .get("/newbook/sync/logs", apiInput("query", LogsQuery), async (c) => {
    const runs = await listRuns(c.var.db, c.var.apiCaller.kitchen.id, c.req.valid("query").limit);
    return c.json(runs.map(syncRunJson));
  });
