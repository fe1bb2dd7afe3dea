import { Hono, type Context, type Next } from "hono";
import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./app-env";
import { isApiPath, NOT_FOUND_MESSAGE, withSession } from "./auth/middleware";
import { Refusal } from "./auth/refusal";
import { CROSS_SITE_MESSAGE, isCrossSiteBrowserRequest, requireSameOriginForCookies } from "./auth/same-origin";
import { logEvent } from "./log";
import { SIMULATOR_MOUNT, simulatorsEnabled } from "./newbook/transport";
import { RESOS_SIMULATOR_MOUNT } from "./resos/transport";
import { apiRoutes } from "./routes/api";
import { withD1Session } from "./routes/d1-session";
import { authRoutes } from "./routes/auth";
import { kitchenRoutes, kitchenViews } from "./routes/kitchen";
import { jsonError } from "./routes/respond";
import { renderErrorPage } from "./views/error-page";
import { pageRenderer } from "./views/layout";

export const app = new Hono<AppEnv>();

async function noStore(c: Context<AppEnv>, next: Next): Promise<void> {
  await next();
  c.header("Cache-Control", "no-store");
  c.header("Vary", "Cookie", { append: true });
}

app.use(async (c, next) => {
  c.set("now", new Date());
  await next();
});
app.use(
  secureHeaders({
    // The same as the policy's frame-ancestors 'none': no page of this site in any frame.
    xFrameOptions: "DENY",
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
// The Newbook and resOS simulators, for the demo and for trying the APIs by hand: only in a
// build that carries them (SIMULATORS_BUNDLED, a build-time constant: npm start and the
// tests), and there only while SIMULATORS is on. A deployed Worker has neither the routes
// nor the simulators' code: the constant is false there and the imports go with the branch.
if (SIMULATORS_BUNDLED) {
  const simulators = [
    { mount: SIMULATOR_MOUNT, load: async () => (await import("./newbook/shared-simulator")).sharedNewbookSimulator() },
    // The resOS simulator: the demo hotel's restaurant, under the same gate.
    { mount: RESOS_SIMULATOR_MOUNT, load: async () => (await import("./resos/shared-simulator")).sharedResosSimulator() },
  ];
  for (const { mount, load } of simulators) {
    app.all(`${mount}/*`, async (c) => {
      if (!simulatorsEnabled(c.env.SIMULATORS)) return c.notFound();
      // Another site's page must not change what the demo shows (faults, bookings, reset).
      if (isCrossSiteBrowserRequest(c.req.method, (name) => c.req.header(name), c.req.url)) return jsonError(c, 403, CROSS_SITE_MESSAGE);
      const url = new URL(c.req.url);
      url.pathname = url.pathname.slice(mount.length);
      return (await load()).fetch(new Request(url, c.req.raw));
    });
  }
}

/** The largest request body anything here needs: a form, a settings change, a range. */
export const MAX_BODY_BYTES = 64 * 1024;
const TOO_LARGE = `The request body is larger than ${MAX_BODY_BYTES / 1024} KB, far more than any form or setting here needs; nothing was read or saved.`;

app.get("/healthz", async (c) => {
  await c.env.DB.prepare("select 1").first();
  return c.json({ ok: true });
});

// Kitchen pages and the API carry guest names, tables, notes and dietary needs: no browser
// or proxy keeps a copy (a shared kitchen tablet would show them again through Back).
// Everything below reads D1 through the request's own session (src/routes/d1-session.ts).
app.use(withD1Session);
app.use("/k/*", noStore);
app.use("/api/*", noStore);
app.use(pageRenderer);
// Before anything reads a body: too large is refused whole, never half read.
app.use(
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => (isApiPath(c.req.path) ? jsonError(c, 413, TOO_LARGE, { field: "body" }) : renderErrorPage(c as Context<AppEnv>, 413, "Too much sent", TOO_LARGE)),
  }),
);
app.use(requireSameOriginForCookies);
// The API reads its own caller (a token, or the session naming its kitchen), and the pages a
// kitchen opens most read theirs in their own one D1 batch: neither needs the session
// looked up beforehand.
app.route("/api", apiRoutes);
app.route("/k/:slug", kitchenViews);
app.use(withSession);
app.route("/", authRoutes);
app.route("/k/:slug", kitchenRoutes);

app.notFound((c) => {
  if (isApiPath(c.req.path)) return jsonError(c, 404, "There is no such endpoint.");
  return renderErrorPage(c, 404, "Page not found", NOT_FOUND_MESSAGE);
});

app.onError((error, c) => {
  if (error instanceof Refusal) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    if (isApiPath(c.req.path)) return jsonError(c, error.status, error.message);
    return renderErrorPage(c, error.status, error.title, error.message);
  }
  if (error instanceof HTTPException && error.status === 400) {
    // The validator's word for a body it could not read at all (malformed JSON or form data).
    const message = `The request body could not be read: ${error.message.replace(/\.?$/, ".")}`;
    if (isApiPath(c.req.path)) return jsonError(c, 400, message, { field: "body" });
    return renderErrorPage(c, 400, "Request not understood", message);
  }
  logEvent("error", "unhandled_error", { path: c.req.path, message: String(error) });
  if (c.req.path === "/healthz") return c.json({ ok: false }, 503);
  if (isApiPath(c.req.path)) return jsonError(c, 500, "Something went wrong on our side.");
  return renderErrorPage(c, 500, "Something went wrong", "The page could not be shown. Try again in a moment.");
});
