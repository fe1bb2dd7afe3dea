// How every route answers: JSON errors in one shape, and a fragment for htmx or the whole
// page otherwise.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../app-env";

/**
 * The one shape of a JSON error: `{"error": "<a sentence>"}`, with `"field": "<name>"` when
 * it is about one input. `detail` repeats the sentence for the endpoints the seed system
 * (FastAPI) answered that way, so integrations written against it keep working.
 */
export function jsonError(c: Context, status: ContentfulStatusCode, error: string, options: { field?: string | undefined; detail?: boolean } = {}): Response {
  return c.json({ error, ...(options.field ? { field: options.field } : {}), ...(options.detail ? { detail: error } : {}) }, status);
}

/** A request made by htmx, which wants a fragment rather than a whole page. */
export function isHtmx(c: Context): boolean {
  return c.req.header("HX-Request") === "true";
}

/** htmx gets `fragment`, a plain request the page around it; caches keep the two apart. */
export function fragmentOrPage(
  c: Context<AppEnv>,
  answer: { title: string; fragment: () => Child; page: () => Child; status?: ContentfulStatusCode },
): Response | Promise<Response> {
  c.header("Vary", "HX-Request");
  const status = answer.status ?? 200;
  if (isHtmx(c)) return c.html(<>{answer.fragment()}</>, status);
  c.status(status);
  return c.render(<>{answer.page()}</>, { title: answer.title });
}
