// One way to read a request: zod schemas through @hono/zod-validator, with one hook that
// turns the first problem into the answer a person can act on. JSON gets 400 in the one
// error shape, naming the field; a form gets its section back with the problems beside
// their fields (the route says how to draw it), 422 for htmx and the whole page for a
// plain POST. Nothing is saved or started when the input is refused.
import { zValidator } from "@hono/zod-validator";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type * as z from "zod";
import type { AppEnv } from "../app-env";
import type { FieldErrors } from "../views/form-fields";
import { jsonError } from "./respond";

/** Where an issue belongs: its input's name, or "body" for the request as a whole. */
function fieldOf(issue: z.core.$ZodIssue): string {
  const first = issue.path[0];
  return first === undefined ? "body" : String(first);
}

/** The first problem of each field, as the sentence shown beside it. */
export function fieldErrors(error: z.core.$ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[fieldOf(issue)] ??= besideField(issue.message);
  return errors;
}

/** "date_from must be a date as YYYY-MM-DD.": a phrase after its field, as a sentence. */
export function fieldSentence(field: string, phrase: string): string {
  return `${field} ${phrase}.`;
}

/** A phrase shown beside its field: "Must be a date as YYYY-MM-DD." */
export function besideField(phrase: string): string {
  return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;
}

type JsonTarget = "json" | "query" | "param";

/** The body's media type, lower case, without parameters ("" when none is given). */
function mediaType(c: Context): string {
  return (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/;
const FORM_MEDIA_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);
const NOT_JSON = "The request body must be JSON, sent with Content-Type: application/json; nothing was read or saved.";
const MALFORMED_JSON = "The request body could not be read: Malformed JSON in request body.";
// Follows "The request body could not be read: " on the app's page for a 400.
const NOT_A_FORM = "it was not sent as a form (application/x-www-form-urlencoded or multipart/form-data), so nothing was saved";

// The validator reads a body of another type as no fields at all, which a schema of
// optional fields (a checkbox, a partial JSON change) would accept as a change to save:
// such a body is refused before the schema sees it.

/**
 * A JSON API input: refused with 400 `{error, field}` (and `detail`, for the seed system's
 * endpoints). `callerFirst`, for a route that reads its caller only after its input (in the
 * same batch as its data), refuses a caller who may not ask at all before their input is
 * judged: a stranger hears 401, never what was wrong with the query.
 */
export function apiInput<T extends z.ZodType>(target: JsonTarget, schema: T, options: { detail?: boolean; callerFirst?: (c: Context<AppEnv>) => Promise<void> } = {}) {
  const validator = zValidator(target, schema, async (result, c) => {
    if (result.success) return;
    if (options.callerFirst) await options.callerFirst(c as Context<AppEnv>);
    const issue = result.error.issues[0]!;
    const field = fieldOf(issue);
    return jsonError(c, 400, fieldSentence(field, issue.message), { field, detail: options.detail });
  });
  if (target !== "json") return validator;
  // Read here rather than by the validator, so that a body that is no JSON is answered like any other refusal of this input (with `detail` where it has one).
  return (async (c, next) => {
    if (!JSON_MEDIA_TYPE.test(mediaType(c))) return jsonError(c, 400, NOT_JSON, { field: "body", detail: options.detail });
    try {
      await c.req.json();
    } catch (error) {
      // Anything else (a body past the size limit, say) is not this input's to answer.
      if (!(error instanceof SyntaxError)) throw error;
      return jsonError(c, 400, MALFORMED_JSON, { field: "body", detail: options.detail });
    }
    return validator(c, next);
  }) as typeof validator;
}

/** What a refused form brings back: the problems by field, and what was typed (to show it again). */
export interface RefusedForm {
  errors: FieldErrors;
  entered: Record<string, string>;
}

function enteredText(data: unknown): Record<string, string> {
  if (data === null || typeof data !== "object") return {};
  return Object.fromEntries(Object.entries(data).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
}

/** A form input: when refused, `refused` draws the form again with its problems (the route answers 422). */
export function formInput<T extends z.ZodType>(schema: T, refused: (c: Context<AppEnv>, form: RefusedForm) => Response | Promise<Response>) {
  const validator = zValidator("form", schema, (result, c) => {
    if (result.success) return;
    return refused(c as Context<AppEnv>, { errors: fieldErrors(result.error), entered: enteredText(result.data) });
  });
  return (async (c, next) => {
    // Answered as a body that could not be read: the app's page for a 400.
    if (!FORM_MEDIA_TYPES.has(mediaType(c))) throw new HTTPException(400, { message: NOT_A_FORM });
    return validator(c, next);
  }) as typeof validator;
}
