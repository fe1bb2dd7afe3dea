import { describe, expect, it } from "vitest";
import { createNewbookSimulator, type NewbookSimulator, SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";

const TODAY = "2026-11-21";
const { username, password, region, apiKey } = SIMULATOR_CREDENTIALS;
const STAYING = { list_type: "staying", period_from: `${TODAY} 00:00:00`, period_to: "2026-12-04 23:59:59" };

function restRequest(action: string, fields: Record<string, unknown> = {}, signal?: AbortSignal): Request {
  return new Request(`http://sim/rest/${action}`, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${username}:${password}`)}` },
    body: JSON.stringify({ region, api_key: apiKey, ...fields }),
    signal,
  });
}

async function injectFault(sim: NewbookSimulator, fault: Record<string, unknown>): Promise<Response> {
  return sim.fetch(new Request("http://sim/__control/faults", { method: "POST", body: JSON.stringify(fault) }));
}

const pageRequest = (page: number) => restRequest("bookings_list", { ...STAYING, data_offset: (page - 1) * 20, data_limit: 20 });

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

async function pendingFaults(sim: NewbookSimulator): Promise<unknown[]> {
  return ((await (await sim.fetch(new Request("http://sim/__control/state"))).json()) as { faults: unknown[] }).faults;
}

describe("Newbook simulator: injected faults", () => {
  const sim = createNewbookSimulator({ seed: 9, rooms: 30, today: TODAY });

  it('fails the next `count` calls with HTTP 500, then serves again', async () => {
    expect((await injectFault(sim, { kind: "500", count: 2 })).status).toBe(200);
    expect((await sim.fetch(restRequest("auth_test"))).status).toBe(500);
    expect((await sim.fetch(restRequest("sites_list"))).status).toBe(500);
    expect((await sim.fetch(restRequest("auth_test"))).status).toBe(200);
  });

  it("throttles with 429 and the Retry-After asked for, 30 s by default", async () => {
    await injectFault(sim, { kind: "throttled", retry_after_seconds: 7 });
    await injectFault(sim, { kind: "throttled" });
    const first = await sim.fetch(restRequest("auth_test"));
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect((await sim.fetch(restRequest("auth_test"))).headers.get("retry-after")).toBe("30");
    expect((await sim.fetch(restRequest("auth_test"))).status).toBe(200);
  });

  it('answers an HTML maintenance page, a success "false" and a 401, each once', async () => {
    await injectFault(sim, { kind: "html" });
    await injectFault(sim, { kind: "success_false" });
    await injectFault(sim, { kind: "401" });

    const html = await sim.fetch(restRequest("auth_test"));
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await html.text()).toMatch(/maintenance/i);

    const failed = await sim.fetch(restRequest("auth_test"));
    expect(failed.status).toBe(200);
    expect(await failed.json()).toEqual({ success: "false", message: "Simulated failure" });

    expect((await sim.fetch(restRequest("auth_test"))).status).toBe(401);
    expect((await sim.fetch(restRequest("auth_test"))).status).toBe(200);
  });

  it("hangs until the caller aborts, and both the fetch and the handler then settle", async () => {
    await injectFault(sim, { kind: "hang", count: 1 });
    const viaFetch = new AbortController();
    const fetching = sim.fetch(restRequest("auth_test", {}, viaFetch.signal));
    expect(await stillPendingAfter(fetching, sim.fetch(restRequest("auth_test")))).toBe(true);
    viaFetch.abort();
    await expect(fetching).rejects.toThrow(/abort/i);

    // The handler itself gives up too, rather than holding the request for ten minutes.
    await injectFault(sim, { kind: "hang", count: 1 });
    const viaApp = new AbortController();
    const handling = Promise.resolve(sim.app.fetch(restRequest("auth_test", {}, viaApp.signal)));
    expect(await stillPendingAfter(handling, sim.fetch(restRequest("auth_test")))).toBe(true);
    viaApp.abort();
    expect(await handling).toBeInstanceOf(Response);

    expect((await sim.fetch(restRequest("auth_test"))).status).toBe(200);
  });

  it("answers a slow call normally, after the delay, `count` times", async () => {
    await injectFault(sim, { kind: "slow", delay_ms: 40, count: 1 });
    const started = Date.now();
    const slow = sim.fetch(restRequest("auth_test"));
    expect(await stillPendingAfter(slow, sim.fetch(restRequest("auth_test")))).toBe(true);
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ success: "true" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(await pendingFaults(sim)).toEqual([]);
  });

  it("refuses a slow fault without its delay", async () => {
    const response = await sim.fetch(
      new Request("http://sim/__control/faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "slow" }) }),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("delay_ms");
  });

  it("fails only bookings_list page K, `count` times, letting other calls and pages through", async () => {
    await injectFault(sim, { kind: "page", page: 2, count: 1 });
    expect((await sim.fetch(restRequest("sites_list"))).status).toBe(200);
    expect((await sim.fetch(pageRequest(1))).status).toBe(200);
    expect((await sim.fetch(pageRequest(3))).status).toBe(200);
    expect((await sim.fetch(pageRequest(2))).status).toBe(500);
    const retried = await sim.fetch(pageRequest(2));
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ success: "true", data_count: 20 });
  });

  it("lists pending faults in /__control/state and clears them on DELETE", async () => {
    await injectFault(sim, { kind: "500", count: 3 });
    const state = await (await sim.fetch(new Request("http://sim/__control/state"))).json();
    expect(state).toMatchObject({ faults: [{ kind: "500", remaining: 3 }] });
    await sim.fetch(new Request("http://sim/__control/faults", { method: "DELETE" }));
    expect((await sim.fetch(restRequest("auth_test"))).status).toBe(200);
  });

  it("refuses a fault it does not know, or a page fault without its page, with a reason", async () => {
    for (const fault of [{ kind: "teapot" }, { kind: "page" }, { kind: "500", count: 0 }]) {
      const response = await injectFault(sim, fault);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.stringMatching(/\w/) });
    }
    expect((await sim.fetch(restRequest("auth_test"))).status).toBe(200);
  });
});
