// A request refused before its route runs (not signed in, not a member, wrong role, not
// from this site), thrown by the guards and answered by the app: a readable page, or the
// JSON error shape under /api. The guards know nothing of how either is drawn.
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class Refusal extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    /** The page's heading. */
    readonly title: string,
    message: string,
    /** Headers the answer carries (WWW-Authenticate for a missing or bad token). */
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message });
  }
}
