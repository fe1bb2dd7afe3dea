import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../app-env";

/** A readable page for a refusal or a failure, with a way back. */
export function renderErrorPage(c: Context<AppEnv>, status: ContentfulStatusCode, title: string, message: string): Response | Promise<Response> {
  c.status(status);
  return c.render(
    <section class="card narrow">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a class="button" href="/">
          Back to your kitchen
        </a>
      </p>
    </section>,
    { title },
  );
}
