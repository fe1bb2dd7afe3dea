// Faults queued through the resOS simulator's /__control/faults: each kind, how many calls
// it takes, which calls a /bookings-page fault waits for, and the malformed records.
import { describe, expect, it } from "vitest";
import { createResosSimulator, RESOS_SIMULATOR_API_KEY, type ResosSimulator } from "../../src/resos/simulator";

const TODAY = "2026-11-21";
const BASIC = `Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:`)}`;
const WEEK = `fromDateTime=${TODAY}T00:00:00&toDateTime=2026-11-27T23:59:59`;

function apiRequest(path: string, signal?: AbortSignal): Request {
  return new Request(`http://sim/v1${path}`, { headers: { authorization: BASIC }, signal });
}

const page = (number: number, limit = 20) => apiRequest(`/bookings?${WEEK}&limit=${limit}&skip=${(number - 1) * limit}`);

async function injectFault(sim: ResosSimulator, fault: Record<string, unknown>): Promise<Response> {
  return sim.fetch(new Request("http://sim/__control/faults", { method: "POST", body: JSON.stringify(fault) }));
}

async function pendingFaults(sim: ResosSimulator): Promise<unknown[]> {
  return ((await (await sim.fetch(new Request("http://sim/__control/state"))).json()) as { faults: unknown[] }).faults;
}

/**
 * Whether `promise` is still unsettled once `later` (a call made after it and answered at
 * once) has been answered in full: an event to wait on, not a time.
 */
async function stillPendingAfter(promise: Promise<unknown>, later: Promise<Response>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  expect((await later).status).toBe(200);
  return !settled;
}

describe("resOS simulator: injected faults", () => {
  const now = Date.UTC(2026, 10, 21, 9, 30, 20);
  const sim = createResosSimulator({ seed: 6, rooms: 30, today: TODAY, clock: () => now });

  it("fails the next `count` calls with HTTP 500, then serves again", async () => {
    expect((await injectFault(sim, { kind: "500", count: 2 })).status).toBe(200);
    expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(500);
    const second = await sim.fetch(apiRequest("/bookings?" + WEEK));
    expect(second.status).toBe(500);
    expect(second.headers.get("retry-after")).toBe("40000");
    expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(200);
  });

  it("answers 401 once, then takes the key again", async () => {
    await injectFault(sim, { kind: "401" });
    const refused = await sim.fetch(apiRequest("/customFields"));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ message: expect.any(String) });
    expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(200);
  });

  it("throttles with 429 and Retry-After in ms: as asked, or the time left in the window", async () => {
    await injectFault(sim, { kind: "throttled", retry_after_ms: 1500 });
    await injectFault(sim, { kind: "throttled" });
    const asked = await sim.fetch(apiRequest("/customFields"));
    expect(asked.status).toBe(429);
    expect(asked.headers.get("retry-after")).toBe("1500");
    expect(await asked.json()).toEqual({ message: expect.any(String) });
    const windowLeft = await sim.fetch(apiRequest("/customFields"));
    expect(windowLeft.status).toBe(429);
    expect(windowLeft.headers.get("retry-after")).toBe("40000");
    expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(200);
  });

  it("answers an HTML maintenance page with HTTP 200 once", async () => {
    await injectFault(sim, { kind: "html" });
    const html = await sim.fetch(apiRequest("/bookings?" + WEEK));
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await html.text()).toMatch(/<html/);
    expect((await sim.fetch(apiRequest("/bookings?" + WEEK))).headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("hangs until the caller aborts, and both the fetch and the handler then settle", async () => {
    await injectFault(sim, { kind: "hang" });
    const viaFetch = new AbortController();
    const fetching = sim.fetch(apiRequest("/customFields", viaFetch.signal));
    expect(await stillPendingAfter(fetching, sim.fetch(apiRequest("/customFields")))).toBe(true);
    viaFetch.abort();
    await expect(fetching).rejects.toThrow(/abort/i);

    // The handler itself gives up too, rather than holding the request for ten minutes.
    await injectFault(sim, { kind: "hang" });
    const viaApp = new AbortController();
    const handling = Promise.resolve(sim.app.fetch(apiRequest("/customFields", viaApp.signal)));
    expect(await stillPendingAfter(handling, sim.fetch(apiRequest("/customFields")))).toBe(true);
    viaApp.abort();
    expect(await handling).toBeInstanceOf(Response);
    expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(200);
  });

  it("answers a slow call normally, after the delay", async () => {
    await injectFault(sim, { kind: "slow", delay_ms: 40 });
    const started = Date.now();
    const slow = sim.fetch(apiRequest("/customFields"));
    expect(await stillPendingAfter(slow, sim.fetch(apiRequest("/customFields")))).toBe(true);
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(Array.isArray(await answered.json())).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(await pendingFaults(sim)).toEqual([]);
  });

  it("fails only /bookings page K, `count` times, letting other calls and pages through", async () => {
    await injectFault(sim, { kind: "page", page: 2, count: 1 });
    expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(200);
    expect((await sim.fetch(page(1))).status).toBe(200);
    expect((await sim.fetch(page(3))).status).toBe(200);
    expect((await sim.fetch(page(2))).status).toBe(500);
    const retried = await sim.fetch(page(2));
    expect(retried.status).toBe(200);
    expect(await retried.json()).toHaveLength(20);
  });

  it("adds malformed bookings to the next /bookings answer only: no date, time 25:99, odd field shapes", async () => {
    const clean: { _id: string }[] = await (await sim.fetch(page(1, 100))).json();
    await injectFault(sim, { kind: "bad_records" });
    expect((await sim.fetch(apiRequest("/openingHours"))).status).toBe(200);
    const dirty: Record<string, unknown>[] = await (await sim.fetch(page(1, 100))).json();
    expect(dirty.slice(0, clean.length)).toEqual(await (await sim.fetch(page(1, 100))).json());
    const bad = dirty.slice(clean.length);
    expect(bad).toHaveLength(3);
    expect(bad.find((booking) => !("date" in booking))).toBeDefined();
    const badTime = bad.find((booking) => booking.time === "25:99")!;
    expect(badTime.date).toBe("2026-11-22");
    const oddFields = bad.flatMap((booking) => booking.customFields as { name: string; value: unknown }[]);
    expect(oddFields.find((entry) => entry.name === "Booking #")?.value).toBeTypeOf("number");
    expect(oddFields.find((entry) => entry.name === "Allergies")?.value).toBeTypeOf("object");
    expect(bad.every((booking) => /^[0-9a-f]{24}$/.test(String(booking._id)))).toBe(true);
    expect(await (await sim.fetch(page(1, 100))).json()).toHaveLength(clean.length);
  });

  it("lists pending faults in the words they were asked for, and clears them on DELETE", async () => {
    await injectFault(sim, { kind: "500", count: 3 });
    await injectFault(sim, { kind: "throttled", retry_after_ms: 900 });
    await injectFault(sim, { kind: "slow", delay_ms: 5 });
    expect(await pendingFaults(sim)).toEqual([
      { kind: "500", remaining: 3 },
      { kind: "throttled", remaining: 1, retry_after_ms: 900 },
      { kind: "slow", remaining: 1, delay_ms: 5 },
    ]);
    const cleared = await sim.fetch(new Request("http://sim/__control/faults", { method: "DELETE" }));
    expect(await cleared.json()).toEqual({ faults: [] });
    expect((await sim.fetch(apiRequest("/customFields"))).status).toBe(200);
  });

  it("refuses a fault it does not know, or one without what it needs, with a reason", async () => {
    for (const fault of [{ kind: "teapot" }, { kind: "page" }, { kind: "slow" }, { kind: "500", count: 0 }, { kind: "throttled", retry_after_seconds: 5 }]) {
      const response = await injectFault(sim, fault);
      expect(response.status, JSON.stringify(fault)).toBe(400);
      expect(await response.json()).toEqual({ error: expect.stringMatching(/\w/) });
    }
    expect(await pendingFaults(sim)).toEqual([]);
  });
});
