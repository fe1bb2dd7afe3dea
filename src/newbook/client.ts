// The Newbook REST client: POST JSON to `<base>/<action>` with Basic auth, region and
// api_key in every body; turns every failure into a NewbookError; pages long lists; paces
// itself under the 100 calls a minute limit through the call slots it is given; counts its calls.
import type * as z from "zod";
import { bytesToBase64 } from "../crypto/encoding";
import { NewbookError, parseRetryAfter } from "./errors";
import { CallsAtLimit, callsAtLimitMessage, type CallSlots } from "../net/call-slots";
import type { CallRate } from "../net/call-window";
import {
  NewbookBooking,
  NewbookEnvelope,
  NewbookGlAccount,
  NewbookOccupancyCategory,
  NewbookSite,
} from "./schemas";

export interface NewbookCredentials {
  username: string;
  password: string;
  apiKey: string;
  region: string;
}

export type FetchFunction = (request: Request) => Promise<Response>;

export interface NewbookClientOptions {
  baseUrl: string;
  credentials: NewbookCredentials;
  fetch?: FetchFunction;
  timeoutMs?: number;
  /** Where each call waits for its turn under NEWBOOK_CALL_RATE: the shared limiter in production. */
  pacer: CallSlots;
  /** Rows asked for per page (Newbook allows up to 1000). */
  pageSize?: number;
  /** Guard against a server that pages forever. */
  maxPages?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Newbook refuses more than 100 calls in a rolling minute per credential. */
export const NEWBOOK_CALL_RATE: CallRate = { limit: 100, windowMs: 60_000 };
export const PAGE_SIZE = 1000;
const DEFAULT_MAX_PAGES = 200;

export type BookingListType = "staying" | "arrived" | "departing" | "placed" | "cancelled" | "all";

export interface ParsedList<T> {
  rows: T[];
  /** Rows that did not have the shape of a record (skipped, counted as warnings). */
  invalid: number;
}

export class NewbookClient {
  private callCount = 0;
  private readonly fetchFn: FetchFunction;
  private readonly timeoutMs: number;
  private readonly pacer: CallSlots;
  private readonly maxPages: number;
  private readonly pageSize: number;

  constructor(private readonly options: NewbookClientOptions) {
    this.fetchFn = options.fetch ?? ((request) => fetch(request));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pacer = options.pacer;
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.pageSize = options.pageSize ?? PAGE_SIZE;
  }

  /** Calls made so far, refused and failed ones included. */
  get calls(): number {
    return this.callCount;
  }

  /** One call; resolves only with a successful envelope. */
  async call(action: string, body: Record<string, unknown> = {}): Promise<NewbookEnvelope> {
    const { username, password, apiKey, region } = this.options.credentials;
    try {
      await this.pacer.acquire(newbookCredentialKey(this.options.credentials));
    } catch (error) {
      if (error instanceof CallsAtLimit) throw new NewbookError("throttled", callsAtLimitMessage("Newbook", "login", error), { retryAfterMs: error.retryAfterMs });
      throw error;
    }
    this.callCount++;
    const request = new Request(`${this.options.baseUrl.replace(/\/+$/, "")}/${action}`, {
      method: "POST",
      headers: {
        authorization: `Basic ${bytesToBase64(new TextEncoder().encode(`${username}:${password}`))}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({ region, api_key: apiKey, ...body }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });

    let response: Response;
    try {
      response = await this.fetchFn(request);
    } catch (error) {
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        throw new NewbookError("timeout", `Newbook did not answer ${action} within ${Math.round(this.timeoutMs / 1000)} s.`);
      }
      throw new NewbookError("network", `Could not reach Newbook for ${action}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.readEnvelope(action, response);
  }

  private async readEnvelope(action: string, response: Response): Promise<NewbookEnvelope> {
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
    if (response.status === 401) {
      throw new NewbookError("auth", "Newbook rejected the username/password.", { status: 401 });
    }
    if (response.status === 429 || response.status === 503) {
      throw new NewbookError("throttled", `Newbook is limiting requests (HTTP ${response.status}); the sync will wait and retry.`, {
        status: response.status,
        retryAfterMs,
      });
    }

    if (!response.ok) {
      throw new NewbookError("http", `Newbook answered ${action} with HTTP ${response.status}.`, { status: response.status });
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new NewbookError("timeout", `Newbook did not finish answering ${action} within ${Math.round(this.timeoutMs / 1000)} s.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const type = response.headers.get("content-type")?.split(";")[0] ?? "no content type";
      throw new NewbookError("bad_response", `Newbook answered ${action} with a body that is not JSON (${type}).`, { status: response.status });
    }
    const envelope = NewbookEnvelope.safeParse(json);
    if (!envelope.success) {
      throw new NewbookError("bad_response", `Newbook's answer to ${action} is not in its usual envelope.`);
    }
    if (!envelope.data.success) {
      const message = (envelope.data.message ?? "no message").slice(0, 200);
      if (/limit|too many/i.test(message)) {
        throw new NewbookError("throttled", `Newbook is limiting requests: ${message}`, { retryAfterMs });
      }
      throw new NewbookError("api", `Newbook refused ${action}: ${message}`);
    }
    return envelope.data;
  }

  /** A list action, one call (not paged). */
  async list<T extends z.ZodType>(action: string, body: Record<string, unknown>, row: T): Promise<ParsedList<z.infer<T>>> {
    const envelope = await this.call(action, body);
    return parseRows(envelope.data, row);
  }

  /**
   * A paged list action: pages of pageSize rows, advancing by data_count, stopping at data_total
   * or an empty page. Any failed page fails the whole list: callers write nothing partial.
   */
  async pagedList<T extends z.ZodType>(action: string, body: Record<string, unknown>, row: T): Promise<ParsedList<z.infer<T>>> {
    const result: ParsedList<z.infer<T>> = { rows: [], invalid: 0 };
    let offset = 0;
    for (let page = 1; ; page++) {
      if (page > this.maxPages) {
        throw new NewbookError("paging", `Newbook kept sending pages of ${action} past ${this.maxPages}; stopped.`);
      }
      const envelope = await this.call(action, { ...body, data_offset: offset, data_limit: this.pageSize });
      const parsed = parseRows(envelope.data, row);
      result.rows.push(...parsed.rows);
      result.invalid += parsed.invalid;
      const count = envelope.data_count ?? parsed.rows.length + parsed.invalid;
      if (count <= 0) return result;
      offset += count;
      if (envelope.data_total !== null ? offset >= envelope.data_total : count < this.pageSize) return result;
    }
  }

  authTest(): Promise<NewbookEnvelope> {
    return this.call("auth_test");
  }

  sitesList(): Promise<ParsedList<NewbookSite>> {
    return this.list("sites_list", {}, NewbookSite);
  }

  glAccountList(): Promise<ParsedList<NewbookGlAccount>> {
    return this.list("gl_account_list", {}, NewbookGlAccount);
  }

  /** Bookings for the nights from..to (dates in the property's local time). */
  bookingsList(from: string, to: string, listType: BookingListType = "staying"): Promise<ParsedList<NewbookBooking>> {
    return this.pagedList("bookings_list", { period_from: `${from} 00:00:00`, period_to: `${to} 23:59:59`, list_type: listType }, NewbookBooking);
  }

  reportsOccupancy(from: string, to: string): Promise<ParsedList<NewbookOccupancyCategory>> {
    return this.list("reports_occupancy", { period_from: `${from} 00:00:00`, period_to: `${to} 23:59:59` }, NewbookOccupancyCategory);
  }
}

/** What Newbook counts calls by: the login and the property's key (the password is not part of it). */
export function newbookCredentialKey(credentials: Pick<NewbookCredentials, "username" | "apiKey">): string {
  return `newbook\u0000${credentials.username}\u0000${credentials.apiKey}`;
}

function parseRows<T extends z.ZodType>(data: unknown, row: T): ParsedList<z.infer<T>> {
  const items = Array.isArray(data) ? data : data && typeof data === "object" ? Object.values(data) : [];
  const result: ParsedList<z.infer<T>> = { rows: [], invalid: 0 };
  for (const item of items) {
    const parsed = row.safeParse(item);
    if (parsed.success) result.rows.push(parsed.data);
    else result.invalid++;
  }
  return result;
}
