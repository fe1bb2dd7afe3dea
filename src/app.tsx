import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./app-env";
import { isApiPath, withSession } from "./auth/middleware";
import { rejectCrossSiteForms } from "./auth/same-origin-forms";
import { database } from "./db/client";
import { logEvent } from "./log";
import { SIMULATOR_MOUNT, sharedNewbookSimulator, simulatorsEnabled } from "./newbook/transport";
import { apiRoutes } from "./routes/api";
import { authRoutes } from "./routes/auth";
import { kitchenRoutes } from "./routes/kitchen";
import { renderErrorPage } from "./views/error-page";
import { pageRenderer } from "./views/layout";

export const app = new Hono<AppEnv>();

app.use(async (c, next) => {
  c.set("db", database(c.env.DB));
  c.set("now", new Date());
  await next();
});
app.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
  }),
);
// The Newbook simulator, for the demo and for trying the API by hand; absent unless SIMULATORS is on.
app.all(`${SIMULATOR_MOUNT}/*`, (c) => {
  if (!simulatorsEnabled(c.env)) return c.notFound();
  const url = new URL(c.req.url);
  url.pathname = url.pathname.slice(SIMULATOR_MOUNT.length);
  return sharedNewbookSimulator().fetch(new Request(url, c.req.raw));
});

app.use(rejectCrossSiteForms);

app.get("/healthz", async (c) => {
  await c.env.DB.prepare("select 1").first();
  return c.json({ ok: true });
});

app.use(pageRenderer);
app.use(withSession);
app.route("/", authRoutes);
app.route("/k/:slug", kitchenRoutes);
app.route("/api", apiRoutes);

app.notFound((c) => {
  if (isApiPath(c.req.path)) return c.json({ error: "Not found." }, 404);
  return renderErrorPage(c, 404, "Page not found", "There is no such page, or it belongs to a kitchen you are not a member of.");
});

app.onError((error, c) => {
  logEvent("error", "unhandled_error", { path: c.req.path, message: String(error) });
  if (c.req.path === "/healthz") return c.json({ ok: false }, 503);
  if (isApiPath(c.req.path)) return c.json({ error: "Something went wrong on our side." }, 500);
  return renderErrorPage(c, 500, "Something went wrong", "The page could not be shown. Try again in a moment.");
});
