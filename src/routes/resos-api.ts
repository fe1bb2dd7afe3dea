// The kitchen's resOS settings as JSON, mounted at /api/resos: which custom field holds
// what and which service each opening hour is (any member reads them, admins change them),
// the restaurant's fields and opening hours as last read, a day's table bookings with the
// stays they are linked to, and a sync of the days ahead.
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { requireApiRole } from "../auth/middleware";
import { loadRestaurantWindow, logPiiAccess } from "../db/chart-read-model";
import { loadResosConnection, resosSettingsOf, saveResosMappingQuery, type ResosSettings } from "../db/resos-connection";
import { upcomingRange } from "../domain/date-range";
import { applyMappingChange, type MappingPart } from "../domain/mapping-change";
import { runRequest, startRun } from "../sync/run-control";
import { dayTablesJson } from "../views/json/table-bookings-json";
import { customFieldsJson, openingHoursJson, resosSettingsJson } from "../views/json/resos-settings-json";
import { DayPath, RESOS_MAPPING_INPUTS, ResosSettingsPatch } from "./inputs";
import { jsonError } from "./respond";
import { startedAnswer } from "./started-run";
import { apiInput } from "./validation";

const NOT_CONNECTED = "resOS is not connected for this kitchen: an admin saves its API key in Settings (resOS connection).";
const NOT_READ = "The restaurant's custom fields and opening hours have not been read yet: the next sync reads them, or an admin saves the connection in Settings.";

async function settingsOf(c: Context<AppEnv>): Promise<ResosSettings | null> {
  const row = await loadResosConnection(c.var.db, c.var.apiCaller.kitchen.id);
  return row && resosSettingsOf(row);
}

export const resosApiRoutes = new Hono<AppEnv>()
  .get("/settings", async (c) => c.json(resosSettingsJson(await settingsOf(c))))
  .patch("/settings", requireApiRole("admin"), apiInput("json", ResosSettingsPatch), async (c) => {
    const settings = await settingsOf(c);
    if (!settings) return jsonError(c, 409, NOT_CONNECTED);
    if (settings.restaurantReadAt === null) return jsonError(c, 409, NOT_READ);
    const changed = applyMappingChange(settings, c.req.valid("json"));
    if (!changed.ok) {
      // One problem per answer, as for every JSON input: the first, in the order of the keys.
      const [part, problem] = Object.entries(changed.problems)[0]! as [MappingPart, string];
      const field = RESOS_MAPPING_INPUTS[part];
      return jsonError(c, 400, `${field}: ${problem}.`, { field });
    }
    await saveResosMappingQuery(c.var.db, c.var.apiCaller.kitchen.id, { mapping: changed.mapping, serviceChoices: changed.serviceChoices });
    return c.json(resosSettingsJson({ ...settings, mapping: changed.mapping, serviceChoices: changed.serviceChoices }));
  })
  .get("/custom-fields", async (c) => {
    const settings = await settingsOf(c);
    return settings ? c.json(customFieldsJson(settings.definitions)) : jsonError(c, 409, NOT_CONNECTED);
  })
  .get("/opening-hours", async (c) => {
    const settings = await settingsOf(c);
    return settings ? c.json(openingHoursJson(settings)) : jsonError(c, 409, NOT_CONNECTED);
  })
  .get("/bookings/:date", apiInput("param", DayPath), async (c) => {
    const { kitchen, userId, apiTokenId } = c.var.apiCaller;
    const { date } = c.req.valid("param");
    const window = await loadRestaurantWindow(c.var.db, kitchen.id, date, date);
    if (!window.restaurant) return jsonError(c, 409, NOT_CONNECTED);
    if (kitchen.showGuestNames) await logPiiAccess(c.var.db, kitchen.id, { userId, apiTokenId, view: "api" }, date, date, c.var.now);
    c.header("Cache-Control", "no-store");
    return c.json(dayTablesJson(date, { ...window, restaurant: window.restaurant }, kitchen.showGuestNames));
  })
  .post("/sync/upcoming", requireApiRole("admin"), async (c) => {
    // The same run as /api/newbook/sync/upcoming: a run reads both sources.
    const { kitchen } = c.var.apiCaller;
    const range = upcomingRange(kitchen.timeZone, kitchen.sync.daysAhead, c.var.now);
    return startedAnswer(c, await startRun(c.env, runRequest(kitchen.id, "manual", range, { resos: kitchen.sync.tablesConnected })));
  });
