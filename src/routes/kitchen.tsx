import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { requireKitchenMember } from "../auth/middleware";
import { loadDashboard } from "../db/dashboard-read-model";
import { todayInZone } from "../domain/dates";
import { DashboardPage } from "../views/dashboard";
import { chartRoutes } from "./chart";
import { settingsRoutes } from "./settings";

// Mounted at /k/:slug. Every route here is behind the membership check.
export const kitchenRoutes = new Hono<AppEnv>()
  .use(requireKitchenMember)
  .get("/", async (c) => {
    const kitchen = c.var.kitchen;
    const today = todayInZone(kitchen.timeZone, c.var.now);
    const data = await loadDashboard(c.var.db, kitchen.id, today);
    return c.render(<DashboardPage kitchen={kitchen} email={c.var.user!.email} data={data} today={today} now={c.var.now} />, { title: kitchen.name });
  })
  .route("/chart", chartRoutes)
  .route("/settings", settingsRoutes);
