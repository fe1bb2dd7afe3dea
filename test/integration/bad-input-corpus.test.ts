// A corpus of malformed input, sent the way each kind arrives: settings and sign-in forms as
// a browser posts them (Origin, session cookie, htmx or not), query strings on the pages and
// the JSON API, JSON bodies exactly as the README's curl recipes send them (a bearer token,
// no Origin). Every one must be refused with 400, 413 or 422 and a sentence a person can act
// on (beside its field on a form, in the one error shape in JSON), and must leave every row
// of the database as it was.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { upcomingRange } from "../../src/domain/date-range";
import { MEAL_RULE_LISTS } from "../../src/domain/meal-rules";
import { RESOS_SIMULATOR_API_KEY } from "../../src/resos/simulator";
import { fieldErrorId } from "../../src/views/form-fields";
import { browserPost, connectNewbook, createApiToken, createKitchen, createUser, ORIGIN, request, runToEnd, signIn } from "./helpers";

const SLUG = "corpus-inn";
const ZONE = "Europe/London";
const PASSWORD = "corpus password 2026";
const ADMIN_EMAIL = "corpus-admin@example.com";
const MARKUP = "<script>alert(1)</script>";
const DROP = "1; DROP TABLE kitchens--";
const OR_TRUE = "' OR 1=1--";
const RTL_MARK = "\u200F";
const BIG_BYTES = 70 * 1024;

let cookie: string;
let token: string;

// ---- The database's fingerprint -----------------------------------------------------------------

/**
 * Columns a read is allowed to write, left out of the fingerprint (nothing else is):
 * - api_tokens.last_used_at: a bearer-token request records when the token was last used
 *   (after answering, in waitUntil, at most every 5 minutes), whatever it asked for.
 * - sessions.idle_expires_at: a signed-in request pushes the session's idle expiry forward
 *   (at most every 5 minutes), refused or not.
 * pii_access_log and login_failures stay in: this kitchen shows no guest names, so no read
 * here logs an access, and a refused sign-in form never reaches the failure count.
 */
const WRITTEN_BY_READS: Record<string, readonly string[]> = {
  api_tokens: ["last_used_at"],
  sessions: ["idle_expires_at"],
};

async function userTables(): Promise<string[]> {
  // SQLite's own tables and workerd's (_cf_) are not the application's data.
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name",
  ).all<{ name: string }>();
  return results.map((row) => row.name);
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

type Rows = Record<string, Record<string, unknown>[]>;

async function allRows(): Promise<Rows> {
  const tables = await userTables();
  const batches = await env.DB.batch(tables.map((table) => env.DB.prepare(`SELECT * FROM "${table}"`)));
  return Object.fromEntries(tables.map((table, index) => [table, batches[index]!.results as Record<string, unknown>[]]));
}

/** Per table: how many rows and the SHA-256 of all of them (sorted, so row order is no change). */
async function fingerprint(): Promise<Record<string, string>> {
  const prints: Record<string, string> = {};
  for (const [table, rows] of Object.entries(await allRows())) {
    const skipped = WRITTEN_BY_READS[table] ?? [];
    const lines = rows.map((row) => JSON.stringify(Object.entries(row).filter(([column]) => !skipped.includes(column))));
    prints[table] = `${lines.length} rows ${await sha256(lines.sort().join("\n"))}`;
  }
  return prints;
}

// ---- What a refusal must say ----------------------------------------------------------------

function decodeEntities(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Text a person reads: starts with a letter, digit or quote, ends like a sentence, and says something. */
function expectSentence(text: string | undefined, context: string): void {
  expect(text, context).toBeDefined();
  expect(text!.trim(), context).toMatch(/^["'\p{L}\p{N}].*[.!?]$/su);
  expect(text!.trim().split(/\s+/).length, context).toBeGreaterThanOrEqual(2);
}

/** The sentence shown beside a form's field (FieldError's span), if any. */
function problemBeside(html: string, field: string): string | undefined {
  const match = new RegExp(`<span class="field-error" id="${fieldErrorId(field)}">([^<]*)</span>`).exec(html);
  return match ? decodeEntities(match[1]!) : undefined;
}

/** The problem a page shows in its alert, or an error page's message. */
function pageProblem(html: string): string | undefined {
  const alert = /<p class="alert" role="alert"[^>]*>([^<]*)<\/p>/.exec(html);
  const errorPage = /<section class="card narrow"><h1>[^<]*<\/h1><p>([^<]*)<\/p>/.exec(html);
  const text = alert?.[1] ?? errorPage?.[1];
  return text === undefined ? undefined : decodeEntities(text);
}

type Expected =
  /** A form: its section (or page) again with the problem beside `field`. */
  | { form: string }
  /** A page: the problem in words, naming `names` when given. */
  | { page: true; names?: RegExp }
  /** JSON in the one error shape, `field` named (`detail` repeating the sentence where the endpoint does). */
  | { json: string; detail?: boolean };

interface Case {
  name: string;
  send: () => Promise<Response>;
  status: 400 | 413 | 422;
  expected: Expected;
}

function isOneShape(body: unknown, detail: boolean): boolean {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const { error, field, detail: repeated, ...rest } = body as Record<string, unknown>;
  return typeof error === "string" && typeof field === "string" && (detail ? repeated === error : repeated === undefined) && Object.keys(rest).length === 0;
}

async function expectRefusal({ send, status, expected }: Case): Promise<void> {
  const response = await send();
  const text = await response.text();
  expect(response.status, text.slice(0, 600)).toBe(status);
  if ("json" in expected) {
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = JSON.parse(text) as { error: string; field: string };
    expect(isOneShape(body, expected.detail ?? false), text).toBe(true);
    expect(body.field).toBe(expected.json);
    expectSentence(body.error, text);
    // A sentence about one input says which; "body" is the request as a whole.
    if (expected.json !== "body") expect(body.error).toContain(expected.json);
    return;
  }
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  // Whatever was sent comes back as text, never as markup.
  expect(text).not.toContain(MARKUP);
  if ("form" in expected) {
    expectSentence(problemBeside(text, expected.form), `no problem beside ${expected.form}: ${text.slice(0, 400)}`);
    return;
  }
  const problem = pageProblem(text);
  expectSentence(problem, text.slice(0, 600));
  if (expected.names) expect(problem).toMatch(expected.names);
}

// ---- How each kind is sent ------------------------------------------------------------------

const settings = (path: string) => `/k/${SLUG}/settings${path}`;

/** A settings form as htmx posts it (a plain form, with `plain`), fields possibly repeated. */
function settingsForm(path: string, fields: Record<string, string> | [string, string][], options: { plain?: boolean } = {}): () => Promise<Response> {
  return () =>
    request(settings(path), {
      method: "POST",
      cookie,
      headers: { origin: ORIGIN, ...(options.plain ? {} : { "HX-Request": "true" }) },
      body: new URLSearchParams(fields),
    });
}

/** A form body as raw urlencoded bytes (to send what URLSearchParams would encode differently). */
function rawForm(path: string, body: string, headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" }): () => Promise<Response> {
  return () => request(path, { method: "POST", cookie, headers: { origin: ORIGIN, "HX-Request": "true", ...headers }, body });
}

const signInForm = (fields: Record<string, string>) => () => browserPost("/login", { fields });
const page = (path: string) => () => request(path, { cookie });
const apiGet = (path: string) => () => request(path, { headers: { authorization: `Bearer ${token}` } });

/** A JSON call as the README's curl sends it: bearer token, content type, no Origin, no cookie. */
function apiJson(method: string, path: string, body: string, contentType = "application/json"): () => Promise<Response> {
  return () => request(path, { method, headers: { authorization: `Bearer ${token}`, "content-type": contentType }, body });
}

/** The fields without one of them, as a form that leaves it out sends them. */
function without(fields: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key !== name));
}

const json = (value: unknown) => JSON.stringify(value);
const schedule = (value: unknown) => apiJson("POST", "/api/settings/newbook-frequent-sync", json(value));
const historical = (value: unknown) => apiJson("POST", "/api/newbook/sync/historical", json(value));
const resosPatch = (value: unknown) => apiJson("PATCH", "/api/resos/settings", json(value));

const SCHEDULE = { enabled: "on", interval_minutes: "30", days_ahead: "5", alert_webhook_url: "https://hooks.example/kitchen" };
const MEAL_RULES = Object.fromEntries(Object.keys(MEAL_RULE_LISTS).map((key) => [key, "dinner\nhalf board"]));
const MAPPING = { booking_number_field_id: "", hotel_guest_field_id: "", dbb_field_id: "", group_field_id: "" };
const NEWBOOK = { username: "corpus-user", password: "corpus-pass", api_key: "instances_0123456789abcdef0123456789abcdef", region: "eu" };

const formCases = (): Case[] => [
  // Newbook connection
  { name: "newbook: region missing", send: settingsForm("/newbook", without(NEWBOOK, "region")), status: 422, expected: { form: "region" } },
  { name: "newbook: region is a SQL fragment", send: settingsForm("/newbook", { ...NEWBOOK, region: DROP }), status: 422, expected: { form: "region" } },
  { name: "newbook: region ' OR 1=1", send: settingsForm("/newbook", { ...NEWBOOK, region: OR_TRUE }), status: 422, expected: { form: "region" } },
  { name: "newbook: region is markup (plain form, whole page)", send: settingsForm("/newbook", { ...NEWBOOK, region: MARKUP }, { plain: true }), status: 422, expected: { form: "region" } },
  { name: "newbook: region behind a right-to-left mark", send: settingsForm("/newbook", { ...NEWBOOK, region: `${RTL_MARK}eu` }), status: 422, expected: { form: "region" } },
  { name: "newbook: region an emoji", send: settingsForm("/newbook", { ...NEWBOOK, region: "🍳" }), status: 422, expected: { form: "region" } },
  { name: "newbook: region of 5,000 characters", send: settingsForm("/newbook", { ...NEWBOOK, region: "e".repeat(5000) }), status: 422, expected: { form: "region" } },
  { name: "newbook: username of 201 characters", send: settingsForm("/newbook", { ...NEWBOOK, username: "u".repeat(201) }), status: 422, expected: { form: "username" } },
  { name: "newbook: username holding NUL", send: settingsForm("/newbook", { ...NEWBOOK, username: "corpus\u0000user" }), status: 422, expected: { form: "username" } },
  { name: "newbook: api key with a line break", send: settingsForm("/newbook", { ...NEWBOOK, api_key: "instances_0123\r\nX-Injected: 1" }), status: 422, expected: { form: "api_key" } },
  { name: "newbook: username a lone surrogate (%ED%A0%80)", send: rawForm(settings("/newbook"), "username=%ED%A0%80&password=p&api_key=k&region=eu"), status: 422, expected: { form: "username" } },
  { name: "newbook test: password holding NUL", send: settingsForm("/newbook/test", { ...NEWBOOK, password: "pass\u0000word" }), status: 422, expected: { form: "password" } },
  // resOS connection and mapping
  { name: "resos: api key of 501 characters", send: settingsForm("/resos", { api_key: "k".repeat(501) }), status: 422, expected: { form: "api_key" } },
  { name: "resos: api key holding NUL", send: settingsForm("/resos", { api_key: `${RESOS_SIMULATOR_API_KEY}\u0000` }), status: 422, expected: { form: "api_key" } },
  { name: "resos test: api key with a line break", send: settingsForm("/resos/test", { api_key: "key\nX-Injected: 1" }), status: 422, expected: { form: "api_key" } },
  { name: "resos mapping: a field id the restaurant lacks", send: settingsForm("/resos/mapping", { ...MAPPING, booking_number_field_id: "no-such-field" }), status: 422, expected: { form: "booking_number_field_id" } },
  { name: "resos mapping: a field id that is markup", send: settingsForm("/resos/mapping", { ...MAPPING, dbb_field_id: MARKUP }), status: 422, expected: { form: "dbb_field_id" } },
  { name: "resos mapping: a select missing", send: settingsForm("/resos/mapping", { booking_number_field_id: "", hotel_guest_field_id: "", dbb_field_id: "" }), status: 422, expected: { form: "group_field_id" } },
  { name: "resos mapping: a dietary field ' OR 1=1", send: settingsForm("/resos/mapping", [...Object.entries(MAPPING), ["dietary_field_ids", OR_TRUE]]), status: 422, expected: { form: "dietary_field_ids" } },
  { name: "resos mapping: a service that is no choice", send: settingsForm("/resos/mapping", { ...MAPPING, services: "dinner" }), status: 422, expected: { form: "services" } },
  { name: "resos mapping: an unknown service word", send: settingsForm("/resos/mapping", { ...MAPPING, services: "brunch:abc" }), status: 422, expected: { form: "services" } },
  // Schedule and alert webhook
  { name: "schedule: interval 0x0f", send: settingsForm("/schedule", { ...SCHEDULE, interval_minutes: "0x0f" }), status: 422, expected: { form: "interval_minutes" } },
  { name: "schedule: interval 1e1", send: settingsForm("/schedule", { ...SCHEDULE, interval_minutes: "1e1" }), status: 422, expected: { form: "interval_minutes" } },
  { name: "schedule: interval 15.0", send: settingsForm("/schedule", { ...SCHEDULE, interval_minutes: "15.0" }), status: 422, expected: { form: "interval_minutes" } },
  { name: "schedule: interval -1", send: settingsForm("/schedule", { ...SCHEDULE, interval_minutes: "-1" }), status: 422, expected: { form: "interval_minutes" } },
  { name: "schedule: interval 7 (not offered)", send: settingsForm("/schedule", { ...SCHEDULE, interval_minutes: "7" }), status: 422, expected: { form: "interval_minutes" } },
  { name: "schedule: interval missing (plain form)", send: settingsForm("/schedule", { enabled: "on", days_ahead: "5" }, { plain: true }), status: 422, expected: { form: "interval_minutes" } },
  { name: "schedule: days ahead in Arabic-Indic digits", send: settingsForm("/schedule", { ...SCHEDULE, days_ahead: "٣" }), status: 422, expected: { form: "days_ahead" } },
  { name: "schedule: days ahead 0", send: settingsForm("/schedule", { ...SCHEDULE, days_ahead: "0" }), status: 422, expected: { form: "days_ahead" } },
  { name: "schedule: days ahead of 12 digits", send: settingsForm("/schedule", { ...SCHEDULE, days_ahead: "999999999999" }), status: 422, expected: { form: "days_ahead" } },
  { name: "schedule: enabled 'yes'", send: settingsForm("/schedule", { ...SCHEDULE, enabled: "yes" }), status: 422, expected: { form: "enabled" } },
  { name: "webhook: plain http", send: settingsForm("/schedule", { ...SCHEDULE, alert_webhook_url: "http://hooks.example/kitchen" }), status: 422, expected: { form: "alert_webhook_url" } },
  { name: "webhook: javascript:", send: settingsForm("/schedule", { ...SCHEDULE, alert_webhook_url: "javascript:alert(1)" }), status: 422, expected: { form: "alert_webhook_url" } },
  { name: "webhook: markup", send: settingsForm("/schedule", { ...SCHEDULE, alert_webhook_url: MARKUP }), status: 422, expected: { form: "alert_webhook_url" } },
  { name: "webhook: with a user and password", send: settingsForm("/schedule", { ...SCHEDULE, alert_webhook_url: "https://user:secret@hooks.example/" }), status: 422, expected: { form: "alert_webhook_url" } },
  { name: "webhook: 2,100 characters", send: settingsForm("/schedule", { ...SCHEDULE, alert_webhook_url: `https://hooks.example/${"a".repeat(2100)}` }), status: 422, expected: { form: "alert_webhook_url" } },
  { name: "webhook: holding NUL", send: settingsForm("/schedule", { ...SCHEDULE, alert_webhook_url: "https://hooks.example/\u0000kitchen" }), status: 422, expected: { form: "alert_webhook_url" } },
  { name: "webhook: a line break in the host", send: settingsForm("/schedule", { ...SCHEDULE, alert_webhook_url: "https://hooks.exa\nmple/kitchen" }), status: 422, expected: { form: "alert_webhook_url" } },
  // A range of nights to sync
  { name: "range: from 0000-01-01", send: settingsForm("/sync/historical", { date_from: "0000-01-01", date_to: "0000-01-02" }), status: 422, expected: { form: "date_from" } },
  { name: "range: to 2026-02-30", send: settingsForm("/sync/historical", { date_from: "2026-02-01", date_to: "2026-02-30" }), status: 422, expected: { form: "date_to" } },
  { name: "range: to 10000-01-01", send: settingsForm("/sync/historical", { date_from: "9999-12-01", date_to: "10000-01-01" }), status: 422, expected: { form: "date_to" } },
  { name: "range: from missing", send: settingsForm("/sync/historical", { date_to: "2026-02-01" }), status: 422, expected: { form: "date_from" } },
  { name: "range: from a SQL fragment (plain form)", send: settingsForm("/sync/historical", { date_from: DROP, date_to: "2026-02-01" }, { plain: true }), status: 422, expected: { form: "date_from" } },
  { name: "range: from in full-width digits", send: settingsForm("/sync/historical", { date_from: "２０２６-01-01", date_to: "2026-01-02" }), status: 422, expected: { form: "date_from" } },
  { name: "range: backwards", send: settingsForm("/sync/historical", { date_from: "2026-03-02", date_to: "2026-03-01" }), status: 422, expected: { form: "date_to" } },
  { name: "range: more than 365 days", send: settingsForm("/sync/historical", { date_from: "2025-01-01", date_to: "2026-01-02" }), status: 422, expected: { form: "date_to" } },
  // Meal rules
  { name: "meal rules: a list missing", send: settingsForm("/meal-rules", without(MEAL_RULES, "packageWords")), status: 422, expected: { form: "packageWords" } },
  { name: "meal rules: an entry of 61 characters", send: settingsForm("/meal-rules", { ...MEAL_RULES, dinnerWords: "d".repeat(61) }), status: 422, expected: { form: "dinnerWords" } },
  { name: "meal rules: 31 entries", send: settingsForm("/meal-rules", { ...MEAL_RULES, breakfastWords: Array.from({ length: 31 }, (_, i) => `word ${i}`).join("\n") }), status: 422, expected: { form: "breakfastWords" } },
  { name: "meal rules: a list of 20,001 characters", send: settingsForm("/meal-rules", { ...MEAL_RULES, dinnerGlCodes: "x".repeat(20_001) }), status: 422, expected: { form: "dinnerGlCodes" } },
  { name: "meal rules: an entry holding NUL", send: settingsForm("/meal-rules", { ...MEAL_RULES, dinnerRateLabels: "dinner\u0000" }), status: 422, expected: { form: "dinnerRateLabels" } },
  { name: "meal rules: a lone surrogate (%ED%A0%80)", send: rawForm(settings("/meal-rules"), new URLSearchParams({ ...MEAL_RULES, packageRateLabels: "PLACEHOLDER" }).toString().replace("PLACEHOLDER", "pack%ED%A0%80age")), status: 422, expected: { form: "packageRateLabels" } },
  // Room categories and guest names
  { name: "categories: an id that is a SQL fragment", send: settingsForm("/categories", { include: DROP }), status: 422, expected: { form: "include" } },
  { name: "categories: an id no category has", send: settingsForm("/categories", { include: "999999" }), status: 422, expected: { form: "include" } },
  { name: "guest names: show_guest_names 'yes'", send: settingsForm("/privacy", { show_guest_names: "yes" }), status: 422, expected: { form: "show_guest_names" } },
  // A form sent as something else than a form
  { name: "guest names: sent as JSON", send: rawForm(settings("/privacy"), json({ show_guest_names: "on" }), { "content-type": "application/json" }), status: 400, expected: { page: true } },
  { name: "categories: sent as text/plain", send: rawForm(settings("/categories"), "include=1", { "content-type": "text/plain" }), status: 400, expected: { page: true } },
  // Too much
  { name: "meal rules: a body over 64 KB", send: settingsForm("/meal-rules", { ...MEAL_RULES, dinnerWords: "d".repeat(BIG_BYTES) }), status: 413, expected: { page: true, names: /64 KB/ } },
  // Sign-in
  { name: "sign-in: email missing", send: signInForm({ password: PASSWORD }), status: 422, expected: { form: "email" } },
  { name: "sign-in: password missing", send: signInForm({ email: ADMIN_EMAIL }), status: 422, expected: { form: "password" } },
  { name: "sign-in: email ' OR 1=1--", send: signInForm({ email: OR_TRUE, password: PASSWORD }), status: 422, expected: { form: "email" } },
  { name: "sign-in: email is markup", send: signInForm({ email: MARKUP, password: PASSWORD }), status: 422, expected: { form: "email" } },
  { name: "sign-in: email holding NUL", send: signInForm({ email: `${ADMIN_EMAIL}\u0000`, password: PASSWORD }), status: 422, expected: { form: "email" } },
  { name: "sign-in: email behind a right-to-left override", send: signInForm({ email: `\u202E${ADMIN_EMAIL}`, password: PASSWORD }), status: 422, expected: { form: "email" } },
  { name: "sign-in: email of 300 characters", send: signInForm({ email: `${"a".repeat(290)}@example.com`, password: PASSWORD }), status: 422, expected: { form: "email" } },
  { name: "sign-in: password of 1,025 characters", send: signInForm({ email: ADMIN_EMAIL, password: "p".repeat(1025) }), status: 422, expected: { form: "password" } },
  { name: "sign-in: a body over 64 KB", send: signInForm({ email: ADMIN_EMAIL, password: "p".repeat(BIG_BYTES) }), status: 413, expected: { page: true, names: /64 KB/ } },
];

const queryCases = (): Case[] => [
  // The chart page
  { name: "chart: start 0000-01-01", send: page(`/k/${SLUG}/chart?start=0000-01-01`), status: 400, expected: { page: true, names: /^start / } },
  { name: "chart: start 2026-02-30", send: page(`/k/${SLUG}/chart?start=2026-02-30`), status: 400, expected: { page: true, names: /^start / } },
  { name: "chart: start 10000-01-01", send: page(`/k/${SLUG}/chart?start=10000-01-01`), status: 400, expected: { page: true, names: /^start / } },
  { name: "chart: start is markup", send: page(`/k/${SLUG}/chart?start=${encodeURIComponent(MARKUP)}`), status: 400, expected: { page: true, names: /^start / } },
  { name: "chart: start a lone surrogate (%ED%A0%80)", send: page(`/k/${SLUG}/chart?start=%ED%A0%80`), status: 400, expected: { page: true, names: /^start / } },
  { name: "chart: start holding NUL (%00)", send: page(`/k/${SLUG}/chart?start=2026-01-01%00`), status: 400, expected: { page: true, names: /^start / } },
  { name: "chart: nights 0x0f", send: page(`/k/${SLUG}/chart?nights=0x0f`), status: 400, expected: { page: true, names: /^nights / } },
  { name: "chart: nights 1e1", send: page(`/k/${SLUG}/chart?nights=1e1`), status: 400, expected: { page: true, names: /^nights / } },
  { name: "chart: nights 15.0 (htmx)", send: () => request(`/k/${SLUG}/chart?nights=15.0`, { cookie, headers: { "HX-Request": "true" } }), status: 400, expected: { page: true, names: /^nights / } },
  { name: "chart: nights -1", send: page(`/k/${SLUG}/chart?nights=-1`), status: 400, expected: { page: true, names: /^nights / } },
  { name: "chart: nights 31", send: page(`/k/${SLUG}/chart?nights=31`), status: 400, expected: { page: true, names: /^nights / } },
  { name: "chart: nights a SQL fragment", send: page(`/k/${SLUG}/chart?nights=${encodeURIComponent(DROP)}`), status: 400, expected: { page: true, names: /^nights / } },
  // Tonight
  { name: "tonight: date 2026-02-30", send: page(`/k/${SLUG}/tonight?date=2026-02-30`), status: 400, expected: { page: true, names: /^date / } },
  { name: "tonight: date 0000-01-01", send: page(`/k/${SLUG}/tonight?date=0000-01-01`), status: 400, expected: { page: true, names: /^date / } },
  { name: "tonight: date 10000-01-01", send: page(`/k/${SLUG}/tonight?date=10000-01-01`), status: 400, expected: { page: true, names: /^date / } },
  { name: "tonight: date ' OR 1=1", send: page(`/k/${SLUG}/tonight?date=${encodeURIComponent(OR_TRUE)}`), status: 400, expected: { page: true, names: /^date / } },
  { name: "tonight: filter unknown", send: page(`/k/${SLUG}/tonight?filter=everything`), status: 400, expected: { page: true, names: /^filter / } },
  { name: "tonight: filter is markup", send: page(`/k/${SLUG}/tonight?filter=${encodeURIComponent(MARKUP)}`), status: 400, expected: { page: true, names: /^filter / } },
  { name: "tonight: date behind a right-to-left mark", send: page(`/k/${SLUG}/tonight?date=${encodeURIComponent(`${RTL_MARK}2026-01-01`)}`), status: 400, expected: { page: true, names: /^date / } },
  // The dashboard
  { name: "dashboard: service is markup", send: page(`/k/${SLUG}?service=${encodeURIComponent(MARKUP)}`), status: 400, expected: { page: true, names: /lunch|dinner/ } },
  // The chart's JSON twin
  { name: "api chart: start_date 2026-02-30", send: apiGet("/api/residents-table-chart?start_date=2026-02-30&nights=7"), status: 400, expected: { json: "start_date" } },
  { name: "api chart: start_date 0000-01-01", send: apiGet("/api/residents-table-chart?start_date=0000-01-01"), status: 400, expected: { json: "start_date" } },
  { name: "api chart: start_date 10000-01-01", send: apiGet("/api/residents-table-chart?start_date=10000-01-01"), status: 400, expected: { json: "start_date" } },
  { name: "api chart: start_date a SQL fragment", send: apiGet(`/api/residents-table-chart?start_date=${encodeURIComponent(DROP)}`), status: 400, expected: { json: "start_date" } },
  { name: "api chart: start_date a lone surrogate (%ED%A0%80)", send: apiGet("/api/residents-table-chart?start_date=%ED%A0%80"), status: 400, expected: { json: "start_date" } },
  { name: "api chart: nights 0x0f", send: apiGet("/api/residents-table-chart?nights=0x0f"), status: 400, expected: { json: "nights" } },
  { name: "api chart: nights 1e1", send: apiGet("/api/residents-table-chart?nights=1e1"), status: 400, expected: { json: "nights" } },
  { name: "api chart: nights 15.0", send: apiGet("/api/residents-table-chart?nights=15.0"), status: 400, expected: { json: "nights" } },
  { name: "api chart: nights -1", send: apiGet("/api/residents-table-chart?nights=-1"), status: 400, expected: { json: "nights" } },
  { name: "api chart: nights 0", send: apiGet("/api/residents-table-chart?nights=0"), status: 400, expected: { json: "nights" } },
  { name: "api chart: nights given twice", send: apiGet("/api/residents-table-chart?nights=3&nights=4"), status: 400, expected: { json: "nights" } },
  // Tonight's JSON twin
  { name: "api service sheet: date 2026-02-30", send: apiGet("/api/service-sheet?date=2026-02-30"), status: 400, expected: { json: "date" } },
  { name: "api service sheet: date 0000-01-01", send: apiGet("/api/service-sheet?date=0000-01-01"), status: 400, expected: { json: "date" } },
  { name: "api service sheet: date 10000-01-01", send: apiGet("/api/service-sheet?date=10000-01-01"), status: 400, expected: { json: "date" } },
  { name: "api service sheet: date a SQL fragment", send: apiGet(`/api/service-sheet?date=${encodeURIComponent(DROP)}`), status: 400, expected: { json: "date" } },
  { name: "api service sheet: date given twice", send: apiGet("/api/service-sheet?date=2026-01-01&date=2026-01-02"), status: 400, expected: { json: "date" } },
  { name: "api service sheet: filter unknown", send: apiGet("/api/service-sheet?filter=DBB"), status: 400, expected: { json: "filter" } },
  // The runs' history and a day's tables
  { name: "api logs: limit 0x10", send: apiGet("/api/newbook/sync/logs?limit=0x10"), status: 400, expected: { json: "limit" } },
  { name: "api logs: limit 1e1", send: apiGet("/api/newbook/sync/logs?limit=1e1"), status: 400, expected: { json: "limit" } },
  { name: "api logs: limit 15.0", send: apiGet("/api/newbook/sync/logs?limit=15.0"), status: 400, expected: { json: "limit" } },
  { name: "api logs: limit -1", send: apiGet("/api/newbook/sync/logs?limit=-1"), status: 400, expected: { json: "limit" } },
  { name: "api logs: limit 101", send: apiGet("/api/newbook/sync/logs?limit=101"), status: 400, expected: { json: "limit" } },
  { name: "api logs: limit ' OR 1=1", send: apiGet(`/api/newbook/sync/logs?limit=${encodeURIComponent(OR_TRUE)}`), status: 400, expected: { json: "limit" } },
  { name: "api tables of a day: 2026-02-30", send: apiGet("/api/resos/bookings/2026-02-30"), status: 400, expected: { json: "date" } },
  { name: "api tables of a day: 0000-01-01", send: apiGet("/api/resos/bookings/0000-01-01"), status: 400, expected: { json: "date" } },
  { name: "api tables of a day: markup", send: apiGet(`/api/resos/bookings/${encodeURIComponent(MARKUP)}`), status: 400, expected: { json: "date" } },
];

const jsonCases = (): Case[] => [
  // The schedule (the seed system's endpoint: `detail` repeats the sentence)
  { name: "schedule: interval \"15\" (a string)", send: schedule({ sync_interval_minutes: "15" }), status: 400, expected: { json: "sync_interval_minutes", detail: true } },
  { name: "schedule: interval 15.5", send: schedule({ sync_interval_minutes: 15.5 }), status: 400, expected: { json: "sync_interval_minutes", detail: true } },
  { name: "schedule: interval -1", send: schedule({ sync_interval_minutes: -1 }), status: 400, expected: { json: "sync_interval_minutes", detail: true } },
  { name: "schedule: interval 1e400 (infinity)", send: apiJson("POST", "/api/settings/newbook-frequent-sync", '{"sync_interval_minutes": 1e400}'), status: 400, expected: { json: "sync_interval_minutes", detail: true } },
  { name: "schedule: days ahead null", send: schedule({ days_ahead: null }), status: 400, expected: { json: "days_ahead", detail: true } },
  { name: "schedule: days ahead 31", send: schedule({ days_ahead: 31 }), status: 400, expected: { json: "days_ahead", detail: true } },
  { name: "schedule: days ahead a SQL fragment", send: schedule({ days_ahead: DROP }), status: 400, expected: { json: "days_ahead", detail: true } },
  { name: "schedule: is_enabled \"yes\"", send: schedule({ is_enabled: "yes" }), status: 400, expected: { json: "is_enabled", detail: true } },
  { name: "schedule: webhook plain http", send: schedule({ alert_webhook_url: "http://hooks.example/kitchen" }), status: 400, expected: { json: "alert_webhook_url", detail: true } },
  { name: "schedule: webhook a number", send: schedule({ alert_webhook_url: 5 }), status: 400, expected: { json: "alert_webhook_url", detail: true } },
  { name: "schedule: webhook holding NUL", send: schedule({ alert_webhook_url: "https://hooks.example/\u0000" }), status: 400, expected: { json: "alert_webhook_url", detail: true } },
  { name: "schedule: webhook a lone surrogate (\\ud800)", send: apiJson("POST", "/api/settings/newbook-frequent-sync", '{"alert_webhook_url": "https://hooks.example/\\ud800"}'), status: 400, expected: { json: "alert_webhook_url", detail: true } },
  { name: "schedule: a list, not an object", send: schedule([{ days_ahead: 5 }]), status: 400, expected: { json: "body", detail: true } },
  { name: "schedule: a number 0x0f (not JSON)", send: apiJson("POST", "/api/settings/newbook-frequent-sync", '{"sync_interval_minutes": 0x0f}'), status: 400, expected: { json: "body", detail: true } },
  { name: "schedule: sent as a form", send: apiJson("POST", "/api/settings/newbook-frequent-sync", "is_enabled=false", "application/x-www-form-urlencoded"), status: 400, expected: { json: "body", detail: true } },
  { name: "schedule: JSON sent as text/plain", send: apiJson("POST", "/api/settings/newbook-frequent-sync", json({ is_enabled: false }), "text/plain"), status: 400, expected: { json: "body", detail: true } },
  // A range of nights
  { name: "range: malformed JSON", send: apiJson("POST", "/api/newbook/sync/historical", '{"date_from": "2026-01-01",'), status: 400, expected: { json: "body" } },
  { name: "range: an empty body", send: apiJson("POST", "/api/newbook/sync/historical", ""), status: 400, expected: { json: "body" } },
  { name: "range: null", send: historical(null), status: 400, expected: { json: "body" } },
  { name: "range: date_from a number", send: historical({ date_from: 20260101, date_to: "2026-01-02" }), status: 400, expected: { json: "date_from" } },
  { name: "range: date_to missing", send: historical({ date_from: "2026-01-01" }), status: 400, expected: { json: "date_to" } },
  { name: "range: date_from 0000-01-01", send: historical({ date_from: "0000-01-01", date_to: "0001-01-02" }), status: 400, expected: { json: "date_from" } },
  { name: "range: date_to 2026-02-30", send: historical({ date_from: "2026-02-01", date_to: "2026-02-30" }), status: 400, expected: { json: "date_to" } },
  { name: "range: date_to 10000-01-01", send: historical({ date_from: "9999-12-01", date_to: "10000-01-01" }), status: 400, expected: { json: "date_to" } },
  { name: "range: date_from a SQL fragment", send: historical({ date_from: DROP, date_to: "2026-01-02" }), status: 400, expected: { json: "date_from" } },
  { name: "range: date_from markup", send: historical({ date_from: MARKUP, date_to: "2026-01-02" }), status: 400, expected: { json: "date_from" } },
  { name: "range: date_from behind a right-to-left mark", send: historical({ date_from: `${RTL_MARK}2026-01-01`, date_to: "2026-01-02" }), status: 400, expected: { json: "date_from" } },
  { name: "range: date_from an emoji", send: historical({ date_from: "📅", date_to: "2026-01-02" }), status: 400, expected: { json: "date_from" } },
  { name: "range: backwards", send: historical({ date_from: "2026-03-02", date_to: "2026-03-01" }), status: 400, expected: { json: "date_to" } },
  { name: "range: JSON sent as a form", send: apiJson("POST", "/api/newbook/sync/historical", "date_from=2026-01-01&date_to=2026-01-02", "application/x-www-form-urlencoded"), status: 400, expected: { json: "body" } },
  { name: "range: a body over 64 KB", send: historical({ date_from: "2026-01-01", date_to: "2026-01-02", padding: "x".repeat(BIG_BYTES) }), status: 413, expected: { json: "body" } },
  // The resOS mapping
  { name: "resos patch: an unknown key", send: resosPatch({ booking_number: "f1" }), status: 400, expected: { json: "body" } },
  { name: "resos patch: a field id that is a number", send: resosPatch({ booking_number_field_id: 5 }), status: 400, expected: { json: "booking_number_field_id" } },
  { name: "resos patch: a field id the restaurant lacks", send: resosPatch({ booking_number_field_id: "no-such-field" }), status: 400, expected: { json: "booking_number_field_id" } },
  { name: "resos patch: a field id ' OR 1=1", send: resosPatch({ hotel_guest_field_id: OR_TRUE }), status: 400, expected: { json: "hotel_guest_field_id" } },
  { name: "resos patch: a field id that is empty", send: resosPatch({ dbb_field_id: "" }), status: 400, expected: { json: "dbb_field_id" } },
  { name: "resos patch: dietary ids as one string", send: resosPatch({ dietary_field_ids: "f1,f2" }), status: 400, expected: { json: "dietary_field_ids" } },
  { name: "resos patch: 51 dietary ids", send: resosPatch({ dietary_field_ids: Array.from({ length: 51 }, (_, i) => `f${i}`) }), status: 400, expected: { json: "dietary_field_ids" } },
  { name: "resos patch: a service word unknown", send: resosPatch({ services: [{ opening_hour_id: "x", service: "brunch" }] }), status: 400, expected: { json: "services" } },
  { name: "resos patch: an opening hour that is markup", send: resosPatch({ services: [{ opening_hour_id: MARKUP, service: "dinner" }] }), status: 400, expected: { json: "services" } },
  { name: "resos patch: services as an object", send: resosPatch({ services: { opening_hour_id: "x", service: "dinner" } }), status: 400, expected: { json: "services" } },
  { name: "resos patch: a field id a lone surrogate (\\udc00)", send: apiJson("PATCH", "/api/resos/settings", '{"group_field_id": "\\udc00"}'), status: 400, expected: { json: "group_field_id" } },
  { name: "resos patch: malformed JSON", send: apiJson("PATCH", "/api/resos/settings", "{'dbb_field_id': null}"), status: 400, expected: { json: "body" } },
  { name: "resos patch: sent without a content type", send: () => request("/api/resos/settings", { method: "PATCH", headers: { authorization: `Bearer ${token}` }, body: new Blob([json({ dbb_field_id: null })]) }), status: 400, expected: { json: "body" } },
  { name: "resos patch: a body over 64 KB", send: resosPatch({ dietary_field_ids: ["f".repeat(BIG_BYTES)] }), status: 413, expected: { json: "body" } },
];

// ---- A kitchen with something to lose ---------------------------------------------------------

let initial: Record<string, string>;

beforeAll(async () => {
  const kitchenId = await createKitchen(SLUG, "Corpus Inn", ZONE);
  await connectNewbook(kitchenId);
  await createUser(ADMIN_EMAIL, PASSWORD, [{ kitchenId, role: "admin" }]);
  cookie = await signIn(ADMIN_EMAIL, PASSWORD);
  token = (await createApiToken(kitchenId, "admin", "corpus")).token;

  // resOS through Settings, so the restaurant is read and its mapping detected.
  const resos = await browserPost(settings("/resos"), { cookie, fields: { api_key: RESOS_SIMULATOR_API_KEY } });
  expect(resos.status).toBe(303);
  // Rooms, categories, nights, totals, tables and a run, from the simulators.
  const run = await runToEnd(kitchenId, "manual", upcomingRange(ZONE, 2, new Date()), {}, { resos: true });
  expect(run.status).toBe("success");
  for (const [path, fields] of [["/schedule", SCHEDULE], ["/meal-rules", MEAL_RULES]] as const) {
    expect((await browserPost(settings(path), { cookie, fields })).status).toBe(303);
  }
  // The first kitchen page a session opens records it as the session's kitchen.
  expect((await request(`/k/${SLUG}`, { cookie })).status).toBe(200);
  initial = await fingerprint();
});

describe("the kitchen the corpus is sent to", () => {
  it("has rows to lose in the tables the inputs would change", async () => {
    for (const table of ["room_categories", "room_nights", "daily_occupancy", "meal_rules", "resos_connections", "newbook_connections", "sync_settings", "sync_runs"]) {
      expect(initial[table], table).toMatch(/^[1-9]\d* rows/);
    }
    const webhook = await env.DB.prepare("SELECT alert_webhook_url FROM sync_settings s JOIN kitchens k ON k.id = s.kitchen_id WHERE k.slug = ?").bind(SLUG).first();
    expect(webhook).toEqual({ alert_webhook_url: SCHEDULE.alert_webhook_url });
  });

  it("the fingerprint sees a changed value and a changed row count", async () => {
    const saved = await env.DB.prepare("SELECT updated_at FROM meal_rules").first<{ updated_at: string }>();
    await env.DB.prepare("UPDATE meal_rules SET updated_at = 'changed'").run();
    expect(await fingerprint()).not.toEqual(initial);
    await env.DB.prepare("UPDATE meal_rules SET updated_at = ?").bind(saved!.updated_at).run();
    expect(await fingerprint()).toEqual(initial);
    await env.DB.prepare("INSERT INTO login_failures (email, client, failed_at) VALUES ('x@example.com', 'test', '2026-01-01T00:00:00.000Z')").run();
    expect(await fingerprint()).not.toEqual(initial);
    await env.DB.prepare("DELETE FROM login_failures WHERE client = 'test'").run();
    expect(await fingerprint()).toEqual(initial);
  });
});

describe.each([
  ["forms", formCases],
  ["query strings", queryCases],
  ["JSON bodies", jsonCases],
] as const)("bad input in %s: refused with a readable reason, nothing changed", (_kind, cases) => {
  for (const entry of cases()) {
    it(entry.name, async () => {
      const before = await fingerprint();
      await expectRefusal(entry);
      expect(await fingerprint()).toEqual(before);
    });
  }
});

describe("the whole corpus", () => {
  it("holds at least 40 inputs of each way in, and left the database as it found it", async () => {
    for (const cases of [formCases, queryCases, jsonCases]) expect(cases().length).toBeGreaterThanOrEqual(40);
    expect(await fingerprint()).toEqual(initial);
  });
});
