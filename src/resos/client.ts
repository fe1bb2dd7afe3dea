// The resOS REST client: GET `<base>/<path>` with the API key as the Basic-auth username;
// turns every failure into a ResosError; pages /bookings by skip; paces itself under the
// 100 calls a minute limit through the call slots it is given; counts its calls. It reads only: the restaurant's custom
// fields, its opening hours, and the table bookings of a run of dates.
import { bytesToBase64 } from "../crypto/encoding";
import { addDays, daysBetween, isIsoDate } from "../domain/dates";
import type { CustomFieldDefinition, OpeningHour } from "../domain/restaurant";
import { CallsAtLimit, callsAtLimitMessage, type CallSlots } from "../net/call-slots";
import type { CallRate } from "../net/call-window";
import { parseResosRetryAfter, ResosError } from "./errors";
import { type TableBookingsRead, toCustomFieldDefinitions, toOpeningHours, toTableBookings } from "./wire-to-restaurant";

export type { TableBookingsRead } from "./wire-to-restaurant";

export type FetchFunction = (request: Request) => Promise<Response>;

export interface ResosClientOptions {
  /** Ends in /v1 (https://api.resos.com/v1): paths like /bookings are appended to it. */
  baseUrl: string;
  /** The restaurant's private API key. Never logged, never put in a message. */
  apiKey: string;
  fetch?: FetchFunction;
  /** Per call, the reading of the body included. */
  timeoutMs?: number;
  /** Where each call waits for its turn under RESOS_CALL_RATE: the shared limiter in production. */
  pacer: CallSlots;
  /** Guard against a server that pages forever: at most this many /bookings pages per call. */
  maxPages?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** resOS allows about 100 calls a minute per API key (fixed minutes: a sliding window keeps under them too). */
export const RESOS_CALL_RATE: CallRate = { limit: 100, windowMs: 60_000 };
/** resOS's cap on `limit`: asking for more is an error. */
export const PAGE_SIZE = 100;
/** 10,000 bookings in one run of dates, far past any restaurant's fortnight. */
/** Pages a call may take per day of its window: a very busy restaurant serves a few hundred tables a day. */
const MAX_PAGES_PER_DAY = 10;

export class ResosClient {
  private callCount = 0;
  private readonly fetchFn: FetchFunction;
  private readonly timeoutMs: number;
  private readonly pacer: CallSlots;
  private readonly maxPages: number;
  private readonly authorization: string;

  constructor(private readonly options: ResosClientOptions) {
    this.fetchFn = options.fetch ?? ((request) => fetch(request));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pacer = options.pacer;
    this.maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
    // The key is the username; the password is empty (the colon stays).
    this.authorization = `Basic ${bytesToBase64(new TextEncoder().encode(`${options.apiKey}:`))}`;
  }

  /** Calls made so far, refused and failed ones included. */
  get calls(): number {
    return this.callCount;
  }

  /** The restaurant's custom-field definitions (GET /customFields). */
  async customFields(): Promise<CustomFieldDefinition[]> {
    return toCustomFieldDefinitions(await this.getList("/customFields", {}));
  }

  /** The restaurant's opening hours, weekly and special, without deleted ones (GET /openingHours). */
  async openingHours(): Promise<OpeningHour[]> {
    // Without showDeleted=false resOS returns every period ever created.
    return toOpeningHours(await this.getList("/openingHours", { showDeleted: "false", onlySpecial: "false" }));
  }

  /**
   * Every table booking whose own date lies in [from, to] (restaurant-local YYYY-MM-DD),
   * every status included. `definitions` (from customFields(), which a sync reads once per
   * run) name a radio or dropdown choice when resOS sent only its id; the client does not
   * fetch them itself, so a run's chunks do not each pay a call for them.
   *
   * All pages or nothing: any failed page fails the whole call, so callers write nothing
   * partial.
   */
  async bookingsForDates(from: string, to: string, definitions: readonly CustomFieldDefinition[]): Promise<TableBookingsRead> {
    if (!isIsoDate(from) || !isIsoDate(to) || to < from) throw new RangeError(`not a run of dates: ${from}..${to}`);
    const window = {
      // Both ends ALWAYS: with one missing resOS silently drops the filter and sends its
      // oldest bookings. Their zone is undocumented, so a day more each side; the
      // bookings' own dates decide.
      fromDateTime: `${addDays(from, -1)}T00:00:00`,
      toDateTime: `${addDays(to, 1)}T23:59:59`,
    };
    const rows: unknown[] = [];
    // The guard against a server that pages forever grows with the window: a month of a
    // large restaurant is more than a hundred pages.
    const maxPages = Math.min(this.maxPages, (daysBetween(from, to) + 3) * MAX_PAGES_PER_DAY);
    for (let page = 0; ; page++) {
      if (page >= maxPages) {
        throw new ResosError("paging", `resOS kept sending full pages of /bookings past ${maxPages} pages (${maxPages * PAGE_SIZE} bookings); stopped.`);
      }
      const list = await this.getList("/bookings", { ...window, limit: String(PAGE_SIZE), skip: String(page * PAGE_SIZE), expand: "customFields" });
      rows.push(...list);
      // No total comes back: a short page is the last one.
      if (list.length < PAGE_SIZE) break;
    }
    return toTableBookings(rows, { from, to }, definitions);
  }

  /** One paced GET whose body must be a JSON array; resolves only with that array. */
  private async getList(path: string, query: Record<string, string>): Promise<unknown[]> {
    try {
      await this.pacer.acquire(resosCredentialKey(this.options.apiKey));
    } catch (error) {
      if (error instanceof CallsAtLimit) throw new ResosError("throttled", callsAtLimitMessage("resOS", "API key", error), { retryAfterMs: error.retryAfterMs });
      throw error;
    }
    this.callCount++;
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, "")}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const signal = AbortSignal.timeout(this.timeoutMs);
    const request = new Request(url, { method: "GET", headers: { authorization: this.authorization, accept: "application/json" }, signal });

    let response: Response;
    try {
      // Raced with the signal too, so an injected fetch that ignores it cannot hang the run.
      response = await settleBefore(this.fetchFn(request), signal);
    } catch (error) {
      if (signal.aborted) throw new ResosError("timeout", `resOS did not answer ${path} within ${duration(this.timeoutMs)}.`);
      throw new ResosError("network", `Could not reach resOS for ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await refuseFailure(path, response, signal);

    let text: string;
    try {
      text = await settleBefore(response.text(), signal);
    } catch (error) {
      if (signal.aborted) throw new ResosError("timeout", `resOS did not finish answering ${path} within ${duration(this.timeoutMs)}.`);
      throw new ResosError("network", `resOS's answer to ${path} broke off: ${error instanceof Error ? error.message : String(error)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const type = response.headers.get("content-type")?.split(";")[0]?.trim() || "no content type";
      throw new ResosError("bad_response", `resOS answered ${path} with a body that is not JSON (${type}).`, { status: response.status });
    }
    if (!Array.isArray(json)) {
      throw new ResosError("bad_response", `resOS answered ${path} with ${json === null ? "null" : typeof json === "object" ? "an object" : `a ${typeof json}`} where a list was expected.`, {
        status: response.status,
      });
    }
    return json;
  }
}

/** What resOS counts calls by: the restaurant's API key. */
function resosCredentialKey(apiKey: string): string {
  return `resos\u0000${apiKey}`;
}

/** Throws the ResosError a non-2xx answer means; returns for a 2xx. */
async function refuseFailure(path: string, response: Response, signal: AbortSignal): Promise<void> {
  if (response.ok) return;
  const { status } = response;
  if (status === 401 || status === 403) {
    discardBody(response);
    throw new ResosError("auth", "resOS rejected the API key.", { status });
  }
  if (status === 429) {
    discardBody(response);
    // Only here is Retry-After a request to wait: resOS sends it on every answer, as the
    // time left in its rate window, and a 500 is not throttling.
    const retryAfterMs = parseResosRetryAfter(response.headers.get("retry-after"), Date.now());
    throw new ResosError("throttled", "resOS is limiting requests (HTTP 429); the sync will wait and retry.", { status, retryAfterMs });
  }
  const reason = await errorMessageOf(response, signal);
  throw new ResosError("http", `resOS answered ${path} with HTTP ${status}${reason ? `: ${reason}` : ""}.`, { status });
}

/** resOS's own `{message}` on an error, when it sent one (it names a bad parameter); short. */
async function errorMessageOf(response: Response, signal: AbortSignal): Promise<string | null> {
  try {
    const body: unknown = JSON.parse(await settleBefore(response.text(), signal));
    const message = body !== null && typeof body === "object" && "message" in body ? body.message : null;
    return typeof message === "string" && message.trim() !== "" ? message.trim().replace(/\.$/, "").slice(0, 200) : null;
  } catch {
    discardBody(response);
    return null;
  }
}

function discardBody(response: Response): void {
  if (response.body && !response.bodyUsed) void response.body.cancel().catch(() => {});
}

/** `promise`, or a rejection with the signal's reason as soon as it fires. */
function settleBefore<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** "30 s", or "250 ms" for the short timeouts tests use. */
function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
