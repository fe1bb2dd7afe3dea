import type { Context } from "hono";

/** A request made by htmx, which wants a fragment rather than a whole page. */
export function isHtmx(c: Context): boolean {
  return c.req.header("HX-Request") === "true";
}
