import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { readKitchenView, requireKitchenMember } from "../auth/middleware";
import { mapRead, readNothing, type BatchRead } from "../db/client";
import { dashboardRead, type DashboardData } from "../db/dashboard-read-model";
import { loadSyncHistory } from "../db/sync-history";
import { todayInZone } from "../domain/dates";
import { DASHBOARD_SERVICES, DashboardPage } from "../views/dashboard";
import { renderErrorPage } from "../views/error-page";
import { HistoryPage } from "../views/history";
import { chartRoutes, chartView } from "./chart";
import { settingsRoutes } from "./settings";
import { tonightRoutes } from "./tonight";

// Mounted at /k/:slug before the session middleware: the pages a kitchen opens most, each
// reading its caller in its own one D1 batch (src/auth/caller-read.ts).
export const kitchenViews = new Hono<AppEnv>()
  .get("/", async (c) => {
    const asked = c.req.query("service");
    const service = DASHBOARD_SERVICES.find((choice) => choice === asked) ?? null;
    const read = await readKitchenView(c, (kitchen): BatchRead<{ today: string; data: DashboardData | null }> => {
      const today = todayInZone(kitchen.timeZone, c.var.now);
      if (asked !== undefined && service === null) return readNothing({ today, data: null });
      const viewer = { userId: kitchen.userId, apiTokenId: null, view: "dashboard" as const };
      return mapRead(dashboardRead(c.var.db, kitchen, today, viewer, c.var.now), (data) => ({ today, data }));
    });
    if (read instanceof Response) return read;
    const { kitchen, data } = read;
    if (data.data === null) {
      return renderErrorPage(c, 400, "No such service", `The dashboard narrows tables to ${DASHBOARD_SERVICES.join(" or ")}; "${(asked ?? "").slice(0, 40)}" is neither.`);
    }
    return c.render(<DashboardPage kitchen={kitchen} email={c.var.user!.email} data={data.data} today={data.today} now={c.var.now} service={service} />, { title: kitchen.name });
  })
  .route("/tonight", tonightRoutes)
  .route("/chart", chartView);

// Mounted at /k/:slug after the session middleware. Every route here is behind the membership check.
export const kitchenRoutes = new Hono<AppEnv>()
  .use(requireKitchenMember)
  // The sync history, for every member: it shows runs, never credentials or guests.
  .get("/history", async (c) => {
    const kitchen = c.var.kitchen;
    const data = await loadSyncHistory(c.var.db, kitchen.id, c.var.now);
    return c.render(<HistoryPage kitchen={kitchen} data={data} now={c.var.now} />, { title: "Sync history" });
  })
  .route("/chart", chartRoutes)
  .route("/settings", settingsRoutes);
