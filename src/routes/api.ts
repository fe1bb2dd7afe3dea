import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../app-env";
import { requireApiCaller, requireApiRole } from "../auth/middleware";
import { loadChart } from "../db/chart-read-model";
import { getSyncRun, listSyncRuns, syncRunJson } from "../db/sync-runs";
import { parseChartWindow } from "../domain/chart-window";
import { todayInZone } from "../domain/dates";
import { residentsChartJson } from "../domain/residents-chart";
import { runWithLease } from "../sync/run-with-lease";
import { HistoricalRangeInput } from "../sync/sync-ranges";

const ALREADY_RUNNING = "A sync is running for this kitchen already; try again when it has finished.";

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
    const result = await runWithLease(c.env, kitchen.id, "manual");
    if (!result.ran) return c.json({ error: ALREADY_RUNNING }, 409);
    return c.json(syncRunJson((await getSyncRun(c.var.db, kitchen.id, result.outcome.runId))!));
  })
  .post("/newbook/sync/historical", requireApiRole("admin"), async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const parsed = HistoricalRangeInput.safeParse(body ?? {});
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]!.message }, 400);
    const { kitchen } = c.var.apiCaller;
    const result = await runWithLease(c.env, kitchen.id, "historical", parsed.data);
    if (!result.ran) return c.json({ error: ALREADY_RUNNING }, 409);
    return c.json(syncRunJson((await getSyncRun(c.var.db, kitchen.id, result.outcome.runId))!));
  })
  .get("/residents-table-chart", async (c) => {
    const { kitchen, userId, apiTokenId } = c.var.apiCaller;
    const today = todayInZone(kitchen.timeZone, c.var.now);
    const parsed = parseChartWindow({ start: c.req.query("start_date"), nights: c.req.query("nights") }, today);
    if (!parsed.ok) return c.json({ error: parsed.error.replace(/^start /, "start_date ") }, 400);
    const { input } = await loadChart(c.var.db, kitchen, parsed.window, { userId, apiTokenId, view: "api" }, c.var.now);
    return c.json(residentsChartJson(input));
  })
  .get("/newbook/sync/logs", async (c) => {
    const parsed = LogsQuery.safeParse({ limit: c.req.query("limit") });
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]!.message }, 400);
    const runs = await listSyncRuns(c.var.db, c.var.apiCaller.kitchen.id, parsed.data.limit);
    return c.json(runs.map(syncRunJson));
  });
