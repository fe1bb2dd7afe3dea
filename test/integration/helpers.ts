// Helpers for integration tests that drive the real Worker in workerd against local D1.
import { env, exports } from "cloudflare:workers";
import { vi } from "vitest";
import { encryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { hashPassword } from "../../src/auth/password";
import { newApiToken, sha256Hex } from "../../src/auth/tokens";
import type { Role } from "../../src/db/schema";
import type { DateRange } from "../../src/domain/dates";
import type { SyncRunKind } from "../../src/domain/sync-run";
import { SIMULATOR_CREDENTIALS, type SimulatorCredentials } from "../../src/newbook/simulator";
import { RESOS_SIMULATOR_API_KEY } from "../../src/resos/simulator";
import { runRequest } from "../../src/sync/run-control";
import type { SyncDependencies } from "../../src/sync/sources";
import { driveRun } from "./drive-run";

export const ORIGIN = "http://localhost";

/**
 * Calls the Worker's fetch handler with exactly the headers given (and `cookie` as the
 * Cookie header): no Origin is added, so a test sends what a curl recipe sends.
 */
export async function request(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
  const { cookie, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (cookie) headers.set("cookie", cookie);
  return exports.default.fetch(new Request(new URL(path, ORIGIN), { ...rest, headers, redirect: "manual" }));
}

/**
 * What a browser sends when a page of this site submits a form: its Origin, the session
 * cookie, the fields urlencoded, and HX-Request when htmx submits it.
 */
export async function browserPost(path: string, options: { cookie?: string; fields?: Record<string, string>; htmx?: boolean; headers?: Record<string, string> } = {}): Promise<Response> {
  return request(path, {
    method: "POST",
    cookie: options.cookie,
    headers: { origin: ORIGIN, ...(options.htmx ? { "HX-Request": "true" } : {}), ...options.headers },
    body: new URLSearchParams(options.fields ?? {}),
  });
}

export function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

/** A kitchen; its schedule row comes with it, as for any kitchen (a trigger of the migrations). */
export async function createKitchen(slug: string, name: string, timeZone = "Europe/London"): Promise<number> {
  const row = await env.DB.prepare("INSERT INTO kitchens (slug, name, time_zone) VALUES (?, ?, ?) RETURNING id")
    .bind(slug, name, timeZone)
    .first<{ id: number }>();
  return row!.id;
}

export async function createUser(email: string, password: string, memberships: { kitchenId: number; role: Role }[]): Promise<number> {
  const row = await env.DB.prepare("INSERT INTO users (email, password_hash) VALUES (?, ?) RETURNING id")
    .bind(email, await hashPassword(password))
    .first<{ id: number }>();
  for (const { kitchenId, role } of memberships) {
    await env.DB.prepare("INSERT INTO memberships (user_id, kitchen_id, role) VALUES (?, ?, ?)").bind(row!.id, kitchenId, role).run();
  }
  return row!.id;
}

/** Signs in through the real form; returns the `name=value` cookie to send back. */
export async function signIn(email: string, password: string): Promise<string> {
  const response = await browserPost("/login", { fields: { email, password } });
  const setCookie = response.headers.get("set-cookie");
  if (response.status !== 303 || !setCookie) throw new Error(`sign-in failed for ${email}: ${response.status}`);
  return setCookie.split(";")[0]!;
}

// ---- Sessions, cookies and time ---------------------------------------------------------

export const SESSION_COOKIE_NAME = "kr_session";

/** Every Set-Cookie line of a response for the session cookie. */
export function sessionSetCookies(response: Response): string[] {
  return response.headers.getSetCookie().filter((line) => line.startsWith(`${SESSION_COOKIE_NAME}=`));
}

/** The `kr_session=<token>` pair a response sets (a non-empty value), or null. */
export function issuedSessionCookie(response: Response): string | null {
  const pair = sessionSetCookies(response)
    .map((line) => line.split(";")[0]!)
    .find((p) => p.length > SESSION_COOKIE_NAME.length + 1);
  return pair ?? null;
}

/** The token half of a `kr_session=<token>` pair. */
export function tokenOf(cookie: string): string {
  return cookie.slice(cookie.indexOf("=") + 1);
}

export interface SessionRow {
  id: number;
  token_hash: string;
  user_id: number;
  current_kitchen_id: number | null;
  idle_expires_at: string;
  absolute_expires_at: string;
}

/** The sessions row a cookie points at, looked up by the SHA-256 of its token, or null. */
export async function sessionRowFor(cookie: string): Promise<SessionRow | null> {
  return env.DB.prepare("SELECT * FROM sessions WHERE token_hash = ?").bind(await sha256Hex(tokenOf(cookie))).first<SessionRow>();
}

export async function countRows(table: string, where = "1 = 1", ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...params)
    .first<{ n: number }>();
  return row!.n;
}

/** An ISO-8601 UTC instant `ms` from now (negative for the past). */
export function isoFromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;

/**
 * Re-reads until `done` holds, for writes the Worker makes in `waitUntil` after it has
 * answered. Bounded: returns the last value read after `timeoutMs`.
 */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}

/** Inserts an API token the way the admin CLI does (only its hash is stored); returns the secret. */
export async function createApiToken(kitchenId: number, role: Role, label = "test"): Promise<{ id: number; token: string }> {
  const token = newApiToken();
  const row = await env.DB.prepare("INSERT INTO api_tokens (kitchen_id, role, token_hash, label) VALUES (?, ?, ?, ?) RETURNING id")
    .bind(kitchenId, role, await sha256Hex(token), label)
    .first<{ id: number }>();
  return { id: row!.id, token };
}

// ---- Runs through the real queue ----------------------------------------------------------

export interface RunRow {
  id: number;
  kind: string;
  status: string;
  date_from: string;
  date_to: string;
  started_at: string;
  finished_at: string | null;
  chunks_done: number;
  chunks_total: number;
  api_calls: number;
  records_fetched: number;
  rows_written: number;
  warnings: number;
  warning_samples: string | null;
  error_message: string | null;
}

export async function runRow(runId: number): Promise<RunRow> {
  return (await env.DB.prepare("SELECT * FROM sync_runs WHERE id = ?").bind(runId).first<RunRow>())!;
}

/** A kitchen with Newbook alone; `{ resos: true }` for one whose runs sync tables too. */
export const NEWBOOK_ONLY = { resos: false } as const;

/** A run from start to end on the production path with the test's seams (support/drive-run.ts); its row at the end. */
export async function runToEnd(kitchenId: number, kind: SyncRunKind, range: DateRange, deps: SyncDependencies = {}, connected: { resos: boolean } = NEWBOOK_ONLY): Promise<RunRow> {
  return runRow(await driveRun(env, runRequest(kitchenId, kind, range, connected), deps));
}

/**
 * Waits until the kitchen's newest run has ended and the scheduler has recorded its outcome
 * (sync_settings no longer says "running"): the queue delivers on its own schedule.
 */
export async function waitForRunEnd(kitchenId: number, timeoutMs = 15_000): Promise<RunRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [run, settings] = await env.DB.batch<Record<string, unknown>>([
      env.DB.prepare("SELECT * FROM sync_runs WHERE kitchen_id = ? ORDER BY id DESC LIMIT 1").bind(kitchenId),
      env.DB.prepare("SELECT last_sync_status FROM sync_settings WHERE kitchen_id = ?").bind(kitchenId),
    ]);
    const latest = run!.results[0] as RunRow | undefined;
    const status = (settings!.results[0] as { last_sync_status: string | null } | undefined)?.last_sync_status;
    if (latest && latest.status !== "running" && status !== "running") return latest;
    if (Date.now() > deadline) throw new Error(`kitchen ${kitchenId}: no run ended within ${timeoutMs} ms (newest: ${JSON.stringify(latest)}, status ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** resOS connected as the admin CLI does it: the key stored, the mapping left for the first sync to detect. */
export async function connectResos(kitchenId: number): Promise<void> {
  const ciphertext = await encryptForKitchen(await importCredentialsKey(env.CREDENTIALS_KEY), kitchenId, RESOS_SIMULATOR_API_KEY);
  await env.DB.prepare("INSERT INTO resos_connections (kitchen_id, api_key_ciphertext) VALUES (?, ?)").bind(kitchenId, ciphertext).run();
}

/** Stores the Newbook simulator's credentials (or other ones) as the kitchen's connection. */
export async function connectNewbook(kitchenId: number, credentials: SimulatorCredentials = SIMULATOR_CREDENTIALS): Promise<void> {
  const { username, password, apiKey, region } = credentials;
  const ciphertext = await encryptForKitchen(await importCredentialsKey(env.CREDENTIALS_KEY), kitchenId, JSON.stringify({ username, password, apiKey }));
  await env.DB.prepare("INSERT INTO newbook_connections (kitchen_id, region, credentials_ciphertext) VALUES (?, ?, ?)").bind(kitchenId, region, ciphertext).run();
}

// ---- Log lines ------------------------------------------------------------------------------

/**
 * The JSON objects logged (console.log and console.error) while `run` ran. `run` may ask for
 * the lines so far, to wait for one logged later (in waitUntil) rather than for a time.
 */
export async function loggedLines(run: (seen: () => Record<string, unknown>[]) => unknown): Promise<Record<string, unknown>[]> {
  const spies = [vi.spyOn(console, "log").mockImplementation(() => {}), vi.spyOn(console, "error").mockImplementation(() => {})];
  const seen = () =>
    spies.flatMap((spy) =>
      spy.mock.calls.flatMap(([first]) => {
        if (typeof first !== "string") return [];
        try {
          const parsed: unknown = JSON.parse(first);
          return parsed !== null && typeof parsed === "object" ? [parsed as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      }),
    );
  try {
    await run(seen);
    return seen();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
