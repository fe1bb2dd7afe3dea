import { createMiddleware } from "hono/factory";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../app-env";
import { isApiPath } from "./middleware";
import { renderErrorPage } from "../views/error-page";

const check = csrf();

/**
 * hono/csrf on every unsafe method: a form post must come from this site (Origin or
 * Sec-Fetch-Site). The refusal is explained instead of a bare "Forbidden".
 */
export const rejectCrossSiteForms = createMiddleware<AppEnv>(async (c, next) => {
  try {
    await check(c, async () => {});
  } catch (error) {
    if (!(error instanceof HTTPException) || error.status !== 403) throw error;
    const message = "This request did not come from a page of this site, so it was refused. Reload the page and try again.";
    if (isApiPath(c.req.path)) return c.json({ error: message }, 403);
    return renderErrorPage(c, 403, "Request refused", message);
  }
  await next();
});
