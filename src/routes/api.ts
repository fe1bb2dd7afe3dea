import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { requireApiCaller } from "../auth/middleware";

// JSON API. The caller's kitchen comes from the bearer token, or the session's current kitchen.
export const apiRoutes = new Hono<AppEnv>().use(requireApiCaller).get("/kitchen", (c) => {
  const { kitchen, via } = c.var.apiCaller;
  return c.json({ slug: kitchen.slug, name: kitchen.name, time_zone: kitchen.timeZone, role: kitchen.role, auth: via });
});
