import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { requireKitchenMember } from "../auth/middleware";
import { loadKitchenSetup } from "../db/kitchen-setup";
import { KitchenHomePage } from "../views/kitchen-home";
import { settingsRoutes } from "./settings";

// Mounted at /k/:slug. Every route here is behind the membership check.
export const kitchenRoutes = new Hono<AppEnv>()
  .use(requireKitchenMember)
  .get("/", async (c) => {
    const kitchen = c.var.kitchen;
    const setup = await loadKitchenSetup(c.var.db, kitchen.id);
    return c.render(<KitchenHomePage kitchen={kitchen} email={c.var.user!.email} setup={setup} />, { title: kitchen.name });
  })
  .route("/settings", settingsRoutes);
