import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { requireKitchenMember } from "../auth/middleware";
import { loadDashboard } from "../db/dashboard-read-model";
import { loadSyncHistory } from "../db/sync-history";
import { todayInZone } from "../domain/dates";
import { DASHBOARD_SERVICES, DashboardPage } from "../views/dashboard";
import { renderErrorPage } from "../views/error-page";
import { HistoryPage } from "../views/history";
import { chartRoutes } from "./chart";
import { settingsRoutes } from "./settings";
import { tonightRoutes } from "./tonight";

// Mounted at /k/:slug. Every route here is behind the membership check.
export const kitchenRoutes = new Hono<AppEnv>()
  .use(requireKitchenMember)
  .get("/", async (c) => {
    const kitchen = c.var.kitchen;
    const today = todayInZone(kitchen.timeZone, c.var.now);
    const asked = c.req.query("service");
    const service = DASHBOARD_SERVICES.find((choice) => choice === asked) ?? null;
    if (asked !== undefined && service === null) {
      return renderErrorPage(c, 400, "No such service", `The dashboard narrows tables to ${DASHBOARD_SERVICES.join(" or ")}; "${asked.slice(0, 40)}" is neither.`);
    }
    const viewer = kitchen.showGuestNames ? { userId: c.var.user?.userId ?? null, apiTokenId: null, view: "dashboard" as const } : null;
    const data = await loadDashboard(c.var.db, kitchen.id, today, viewer, c.var.now);
    return c.render(<DashboardPage kitchen={kitchen} email={c.var.user!.email} data={data} today={today} now={c.var.now} service={service} />, { title: kitchen.name });
  })
  // The sync history, for every member: it shows runs, never credentials or guests.
  .get("/history", async (c) => {
    const kitchen = c.var.kitchen;
    const data = await loadSyncHistory(c.var.db, kitchen.id, c.var.now);
    return c.render(<HistoryPage kitchen={kitchen} data={data} now={c.var.now} />, { title: "Sync history" });
  })
  .route("/tonight", tonightRoutes)
  .route("/chart", chartRoutes)
  .route("/settings", settingsRoutes);
