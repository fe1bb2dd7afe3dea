// The Newbook client against the Newbook simulator: paging, string numbers, and every way
// a call can fail, each turned into a NewbookError a kitchen admin can read.
import { beforeEach, describe, expect, it } from "vitest";
import { NewbookClient, type FetchFunction } from "../../src/newbook/client";
import { NewbookError } from "../../src/newbook/errors";
import { CallPacer } from "../../src/net/call-pacer";
import { createNewbookSimulator, SIMULATOR_CREDENTIALS, type NewbookSimulator } from "../../src/newbook/simulator";

const TODAY = "2026-03-10";
let simulator: NewbookSimulator;

/** A pacer that never waits: these tests are about the wire, not the clock. */
const noWait = () => new CallPacer({ now: () => 0, sleep: async () => {} }, Number.MAX_SAFE_INTEGER);

function client(options: { fetch?: FetchFunction; timeoutMs?: number; pageSize?: number; maxPages?: number; password?: string } = {}) {
  return new NewbookClient({
    baseUrl: "http://simulator.test/rest",
    credentials: { ...SIMULATOR_CREDENTIALS, password: options.password ?? SIMULATOR_CREDENTIALS.password },
    fetch: options.fetch ?? ((request) => simulator.fetch(request)),
    timeoutMs: options.timeoutMs,
    pageSize: options.pageSize,
    maxPages: options.maxPages,
    pacer: noWait(),
  });
}

async function injectFault(fault: Record<string, unknown>): Promise<void> {
  const response = await simulator.fetch(
    new Request("http://simulator.test/__control/faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fault) }),
  );
  expect(response.ok).toBe(true);
}

async function failure(promise: Promise<unknown>): Promise<NewbookError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NewbookError);
  return error as NewbookError;
}

beforeEach(() => {
  simulator = createNewbookSimulator({ seed: 7, rooms: 40, today: TODAY });
});

describe("paging", () => {
  it("reads a three-page list, advancing by data_count until data_total", async () => {
    const offsets: unknown[] = [];
    const spy: FetchFunction = async (request) => {
      offsets.push((await request.clone().json<{ data_offset?: number }>()).data_offset);
      return simulator.fetch(request);
    };
    const all = await client().bookingsList(TODAY, "2026-03-16");
    const pageSize = Math.ceil(all.rows.length / 3);
    expect(all.rows.length).toBeGreaterThan(6);

    const paged = await client({ fetch: spy, pageSize }).bookingsList(TODAY, "2026-03-16");
    expect(offsets).toEqual([0, pageSize, 2 * pageSize]);
    expect(paged.rows.map((b) => b.booking_id)).toEqual(all.rows.map((b) => b.booking_id));
    expect(paged.invalid).toBe(0);
  });

  it("counts every call it makes", async () => {
    const newbook = client({ pageSize: 5 });
    const bookings = await newbook.bookingsList(TODAY, "2026-03-12");
    expect(newbook.calls).toBe(Math.ceil(bookings.rows.length / 5));
    await newbook.sitesList();
    expect(newbook.calls).toBe(Math.ceil(bookings.rows.length / 5) + 1);
  });

  it("stops a server that never stops sending pages", async () => {
    let calls = 0;
    const endless: FetchFunction = async () => {
      calls++;
      return Response.json({ success: "true", data: [{ booking_id: String(calls) }], data_total: "999999", data_count: "1" });
    };
    const error = await failure(client({ fetch: endless, maxPages: 5 }).bookingsList(TODAY, TODAY));
    expect(error.kind).toBe("paging");
    expect(error.message).toContain("past 5");
    expect(calls).toBe(5);
  });

  it("stops at an empty page even when data_total says more", async () => {
    const pages = [
      { success: "true", data: [{ booking_id: "1" }, { booking_id: "2" }], data_total: "10", data_count: "2" },
      { success: "true", data: [], data_total: "10", data_count: "0" },
    ];
    const fetch: FetchFunction = async () => Response.json(pages.shift());
    const list = await client({ fetch }).bookingsList(TODAY, TODAY);
    expect(list.rows.map((b) => b.booking_id)).toEqual(["1", "2"]);
  });
});

describe("what comes back", () => {
  it("turns numbers sent as strings into numbers", async () => {
    const raw = await simulator.fetch(
      new Request("http://simulator.test/rest/bookings_list", {
        method: "POST",
        headers: { authorization: `Basic ${btoa(`${SIMULATOR_CREDENTIALS.username}:${SIMULATOR_CREDENTIALS.password}`)}`, "content-type": "application/json" },
        body: JSON.stringify({ region: SIMULATOR_CREDENTIALS.region, api_key: SIMULATOR_CREDENTIALS.apiKey, period_from: `${TODAY} 00:00:00`, period_to: `${TODAY} 23:59:59`, list_type: "staying" }),
      }),
    );
    const wire = await raw.json<{ success: unknown; data: { booking_id: string; booking_adults: unknown }[] }>();
    expect(wire.success).toBe("true");
    expect(typeof wire.data[0]!.booking_adults).toBe("string");

    const parsed = await client().bookingsList(TODAY, TODAY);
    const same = parsed.rows.find((b) => b.booking_id === wire.data[0]!.booking_id)!;
    expect(same.booking_adults).toBe(Number(wire.data[0]!.booking_adults));
  });
});

describe("failures", () => {
  it('success "false" carries Newbook\'s message', async () => {
    await injectFault({ kind: "success_false" });
    const error = await failure(client().sitesList());
    expect(error.kind).toBe("api");
    expect(error.message).toContain("Simulated failure");
  });

  it("401 says the username/password was rejected", async () => {
    await injectFault({ kind: "401" });
    const error = await failure(client().authTest());
    expect(error.kind).toBe("auth");
    expect(error.message).toBe("Newbook rejected the username/password.");
  });

  it("a wrong password is the same 401", async () => {
    const error = await failure(client({ password: "wrong" }).authTest());
    expect(error.kind).toBe("auth");
  });

  it("throttling carries Retry-After", async () => {
    await injectFault({ kind: "throttled", retry_after_seconds: 42 });
    const error = await failure(client().sitesList());
    expect(error.kind).toBe("throttled");
    expect(error.details.retryAfterMs).toBe(42_000);
  });

  it("a refusal message about the limit is throttling too", async () => {
    const fetch: FetchFunction = async () => Response.json({ success: "false", message: "API rate limit reached" });
    const error = await failure(client({ fetch }).sitesList());
    expect(error.kind).toBe("throttled");
  });

  it("a call that hangs times out", async () => {
    await injectFault({ kind: "hang" });
    const error = await failure(client({ timeoutMs: 100 }).sitesList());
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("did not answer sites_list");
  });

  it("an HTML page is a clear error, not a crash", async () => {
    await injectFault({ kind: "html" });
    const error = await failure(client().sitesList());
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("not JSON (text/html)");
  });

  it("an HTTP 500 is reported with its status", async () => {
    await injectFault({ kind: "500" });
    const error = await failure(client().sitesList());
    expect(error.kind).toBe("http");
    expect(error.details.status).toBe(500);
  });

  it("a failure on page 2 fails the whole list", async () => {
    await injectFault({ kind: "page", page: 2 });
    const error = await failure(client({ pageSize: 3 }).bookingsList(TODAY, "2026-03-16"));
    expect(error.kind).toBe("http");
  });

  it("a network failure names the action", async () => {
    const fetch: FetchFunction = async () => {
      throw new TypeError("connection refused");
    };
    const error = await failure(client({ fetch }).reportsOccupancy(TODAY, TODAY));
    expect(error.kind).toBe("network");
    expect(error.message).toBe("Could not reach Newbook for reports_occupancy: connection refused");
  });
});

describe("every call", () => {
  it("sends Basic auth, region and api_key, to <base>/<action>", async () => {
    const seen: Request[] = [];
    const fetch: FetchFunction = async (request) => {
      seen.push(request.clone());
      return simulator.fetch(request);
    };
    await client({ fetch }).sitesList();
    const request = seen[0]!;
    expect(request.url).toBe("http://simulator.test/rest/sites_list");
    expect(request.method).toBe("POST");
    expect(request.headers.get("authorization")).toBe(`Basic ${btoa(`${SIMULATOR_CREDENTIALS.username}:${SIMULATOR_CREDENTIALS.password}`)}`);
    expect(await request.json()).toEqual({ region: SIMULATOR_CREDENTIALS.region, api_key: SIMULATOR_CREDENTIALS.apiKey });
  });
});

describe("pacing", () => {
  it("never makes more than 100 calls in a minute for one credential", async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new CallPacer({
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 100; i++) {
      await pacer.acquire("a");
      now += 100;
    }
    expect(waits).toEqual([]);
    await pacer.acquire("a"); // the 101st, 10 s after the first: waits the remaining 50 s
    expect(waits).toEqual([50_000]);
    await pacer.acquire("b"); // another credential has its own minute
    expect(waits).toEqual([50_000]);
  });
});
