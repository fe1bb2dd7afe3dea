// Kitchens that share one Newbook login (and one resOS key) keep under its limit together:
// their runs, side by side on the production pipeline with the real scheduler, limiter and
// D1, take their call slots from the credential's one limiter. The simulators' own record
// of call times is the judge: it counts what every window held, as the APIs count.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { credentialName } from "../../src/crypto/credential-names";
import type { ApiCallLimiter } from "../../src/limits/api-call-limiter";
import { sharedCallSlots } from "../../src/limits/shared-call-slots";
import { CallPacer, systemClock } from "../../src/net/call-pacer";
import type { CallRate } from "../../src/net/call-window";
import { newbookCredentialKey } from "../../src/newbook/client";
import { createNewbookSimulator, SIMULATOR_CREDENTIALS, type NewbookSimulator, type SimulatorCredentials } from "../../src/newbook/simulator";
import { createResosSimulator, type ResosSimulator } from "../../src/resos/simulator";
import { saveSchedule } from "../../src/sync/run-control";
import type { SyncDependencies } from "../../src/sync/sources";
import { busiestWindow } from "./call-windows";
import { connectNewbook, connectResos, createApiToken, createKitchen, loggedLines, request, runToEnd, waitForRunEnd } from "./helpers";

const TODAY = "2026-03-10";
const NOW = new Date("2026-03-10T12:00:00.000Z");
const NIGHTS = { from: TODAY, to: "2026-03-12" };
/** Small enough to fill in seconds: three kitchens' first runs make 12 Newbook and 9 resOS calls. */
const SMALL: CallRate = { limit: 6, windowMs: 2000 };
const WITH_RESOS = { resos: true } as const;

let kitchens = 0;

async function kitchen(options: { credentials?: SimulatorCredentials; resos?: boolean } = {}): Promise<number> {
  const id = await createKitchen(`shared-${++kitchens}`, `Shared ${kitchens}`);
  await connectNewbook(id, options.credentials);
  if (options.resos) await connectResos(id);
  return id;
}

function limiterOf(credential: string) {
  return credentialName(env.CREDENTIALS_KEY, credential).then((name) => env.API_CALL_LIMITER.get(env.API_CALL_LIMITER.idFromName(name)));
}

async function slotsIn(credential: string) {
  return runInDurableObject(await limiterOf(credential), (_instance: ApiCallLimiter, state) =>
    state.storage.sql.exec<{ at: number; kitchen_id: number }>("SELECT at, kitchen_id FROM slots ORDER BY at, rowid").toArray(),
  );
}

describe("three kitchens on one Newbook login and one resOS key, synced at once", () => {
  let newbook: NewbookSimulator;
  let resos: ResosSimulator;

  beforeEach(() => {
    newbook = createNewbookSimulator({ seed: 11, rooms: 20, today: TODAY, rateLimit: SMALL });
    resos = createResosSimulator({ seed: 11, rooms: 20, today: TODAY, rateLimit: SMALL });
  });

  const through = (pacer: SyncDependencies["pacer"]): SyncDependencies => ({
    now: () => NOW,
    fetch: (r) => newbook.fetch(r),
    resosFetch: (r) => resos.fetch(r),
    pacer,
  });

  it("never put more than the limit into any window, counted by the APIs, and all succeed", { timeout: 60_000 }, async () => {
    const ids = [await kitchen({ resos: true }), await kitchen({ resos: true }), await kitchen({ resos: true })];
    const runs = await Promise.all(ids.map((id) => runToEnd(id, "manual", NIGHTS, through(sharedCallSlots(env, { rate: SMALL, kitchenId: id })), WITH_RESOS)));

    expect(runs.map((run) => [run.status, run.error_message])).toEqual(ids.map(() => ["success", null]));
    const newbookCalls = newbook.rateLimitedCalls();
    const resosCalls = resos.rateLimitedCalls();
    // Enough calls that, let go at once, they would have overfilled a window...
    expect(newbookCalls.length).toBe(12);
    expect(resosCalls.length).toBe(9);
    expect(runs.reduce((sum, run) => sum + run.api_calls, 0)).toBe(21);
    // ...yet no window held more than the limit, and neither API refused one.
    expect(busiestWindow(newbookCalls.map((call) => call.at), SMALL.windowMs)).toBeLessThanOrEqual(SMALL.limit);
    expect(busiestWindow(resosCalls.map((call) => call.at), SMALL.windowMs)).toBeLessThanOrEqual(SMALL.limit);
    expect([...newbookCalls, ...resosCalls].filter((call) => !call.allowed)).toEqual([]);
    // One limiter per credential holds every kitchen's slots.
    const slots = await slotsIn(newbookCredentialKey(SIMULATOR_CREDENTIALS));
    expect(new Set(slots.map((slot) => slot.kitchen_id))).toEqual(new Set(ids));
  });

  it("overfill a window when each counts only its own calls, as one isolate's pacer does (the check above can fail)", { timeout: 60_000 }, async () => {
    const ids = [await kitchen({ resos: true }), await kitchen({ resos: true }), await kitchen({ resos: true })];
    // A window long enough that the three runs' calls surely meet in it, however slow the machine.
    const minute: CallRate = { limit: 6, windowMs: 60_000 };
    newbook.reset({ rateLimit: minute });
    resos.reset({ rateLimit: minute });
    const runs = await Promise.all(ids.map((id) => runToEnd(id, "manual", NIGHTS, through(new CallPacer(systemClock, minute.limit, minute.windowMs)), WITH_RESOS)));

    expect(busiestWindow(newbook.rateLimitedCalls().map((call) => call.at), minute.windowMs)).toBeGreaterThan(minute.limit);
    expect(newbook.rateLimitedCalls().filter((call) => !call.allowed).length).toBeGreaterThan(0);
    expect(runs.filter((run) => run.status !== "success").map((run) => run.error_message)).toContainEqual(expect.stringMatching(/^Newbook is limiting requests/));
  });
});

describe("a run whose turn would come too late", () => {
  // A login of its own: its limiter starts empty whatever the other tests took.
  const GROUP_LOGIN: SimulatorCredentials = { ...SIMULATOR_CREDENTIALS, username: "harbour-group", apiKey: "instances_7c0ffee0c0ffee0c0ffee0c0ffee0c0f" };
  /** Four calls per five minutes: one kitchen's run fills it, and the next free turn is minutes away. */
  const SLOW: CallRate = { limit: 4, windowMs: 5 * 60_000 };

  it("ends throttled with the reason, writes nothing, keeps the data, and is not tried again before the turn", { timeout: 60_000 }, async () => {
    const newbook = createNewbookSimulator({ seed: 12, rooms: 20, today: TODAY, credentials: GROUP_LOGIN });
    const deps = (pacer: SyncDependencies["pacer"]): SyncDependencies => ({ now: () => NOW, fetch: (r) => newbook.fetch(r), pacer });
    const [harbour, lodge] = [await kitchen({ credentials: GROUP_LOGIN }), await kitchen({ credentials: GROUP_LOGIN })];
    await saveSchedule(env, harbour, { enabled: true, intervalMinutes: 15, daysAhead: 7, alertWebhookUrl: null });

    // The harbour kitchen has data from before (synced without the shared limit).
    const unpaced = new CallPacer({ now: () => 0, sleep: async () => {} }, Number.MAX_SAFE_INTEGER);
    expect(await runToEnd(harbour, "manual", NIGHTS, deps(unpaced))).toMatchObject({ status: "success" });
    const before = await snapshot(harbour);
    expect(before.nights.length).toBeGreaterThan(0);

    // The lodge's run takes the login's four slots...
    expect(await runToEnd(lodge, "manual", NIGHTS, deps(sharedCallSlots(env, { rate: SLOW, kitchenId: lodge })))).toMatchObject({ status: "success", api_calls: 4 });
    const callsBefore = newbook.callCount();

    // ...so the harbour's, which waits at most 5 s for a turn, stops before asking Newbook anything.
    let run: Awaited<ReturnType<typeof runToEnd>> | undefined;
    const lines = await loggedLines(async () => {
      run = await runToEnd(harbour, "manual", NIGHTS, deps(sharedCallSlots(env, { rate: SLOW, kitchenId: harbour, budgetMs: 5_000 })));
    });
    expect(run).toMatchObject({
      status: "failed",
      api_calls: 0,
      error_message:
        "Newbook calls for this login are at their limit of 4 every 5 minutes, shared by 2 kitchens: the next free turn is more than 5 s away, so we stopped rather than be refused by Newbook.",
    });
    expect(newbook.callCount()).toBe(callsBefore);
    expect(await snapshot(harbour)).toEqual(before);

    // The Retry-After (the login's next free turn) is honoured: a first failure alone would wait at most a minute.
    const firstSlot = (await slotsIn(newbookCredentialKey(GROUP_LOGIN)))[0]!.at;
    const status = await env.DB.prepare("SELECT consecutive_failures, last_sync_status, last_error_message, next_due_at FROM sync_settings WHERE kitchen_id = ?")
      .bind(harbour)
      .first<{ consecutive_failures: number; last_sync_status: string; last_error_message: string; next_due_at: string }>();
    expect(status).toMatchObject({ consecutive_failures: 1, last_sync_status: "failed", last_error_message: run!.error_message });
    expect(Date.parse(status!.next_due_at)).toBeGreaterThanOrEqual(firstSlot + SLOW.windowMs);
    expect(Date.parse(status!.next_due_at) - Date.parse(run!.finished_at!)).toBeGreaterThan(60_000);

    // The limiter said so in the log, by kitchen and never by the login.
    expect(lines).toContainEqual(expect.objectContaining({ event: "api_calls_at_limit", kitchen_id: harbour, kitchens: 2 }));
    const logged = JSON.stringify(lines);
    for (const secret of [GROUP_LOGIN.username, GROUP_LOGIN.password, GROUP_LOGIN.apiKey]) expect(logged).not.toContain(secret);
  });
});

describe("on the production path, through the real queue", () => {
  it("every Newbook call of every kitchen on the login reserves its slot with the login's one limiter", { timeout: 60_000 }, async () => {
    const ids = [await kitchen(), await kitchen()];
    const tokens = await Promise.all(ids.map((id) => createApiToken(id, "admin")));
    const started = await Promise.all(tokens.map(({ token }) => request("/api/newbook/sync/upcoming", { method: "POST", headers: { authorization: `Bearer ${token}` } })));
    expect(started.map((response) => response.status)).toEqual([202, 202]);
    const runs = await Promise.all(ids.map((id) => waitForRunEnd(id)));
    expect(runs.map((run) => run.status)).toEqual(["success", "success"]);

    const slots = await slotsIn(newbookCredentialKey(SIMULATOR_CREDENTIALS));
    for (const [index, id] of ids.entries()) expect(slots.filter((slot) => slot.kitchen_id === id).length).toBe(runs[index]!.api_calls);
  });
});

async function snapshot(kitchenId: number) {
  const rows = async (query: string) => (await env.DB.prepare(query).bind(kitchenId).all()).results;
  return {
    nights: await rows("SELECT * FROM room_nights WHERE kitchen_id = ? ORDER BY night, booking_id"),
    totals: await rows("SELECT * FROM daily_occupancy WHERE kitchen_id = ? ORDER BY date"),
    rooms: await rows("SELECT * FROM rooms WHERE kitchen_id = ? ORDER BY site_id"),
  };
}
