// The fault matrix: every way a kitchen's sync can go wrong, one row each, driven the way
// production drives it: the cron's message through the sync queue's consumer, the kitchen's
// scheduler Durable Object taking the lease, each step message through the consumer again,
// real D1, and the Newbook and resOS simulators answering (faults injected through their
// /__control routes). The queue's transport is the one stand-in: what the consumer sends is
// handed straight back to it, so the test's clock, simulators and timeouts stay in force.
//
// Every row checks the same five things:
//  (a) what the previous successful sync stored is byte for byte as it was (a partial run:
//      the failed source's tables are; the other source's new data is stored);
//  (b) the run and the schedule say what went wrong, and the banner's sentence says it plainly;
//  (c) the schedule counts the failure;
//  (d) the next try moved back: the next due time is the backoff (or the API's Retry-After)
//      after the failed try, later than the interval alone had it, and a cron message just
//      before it starts nothing;
//  (e) the next success resets it all: no failures, the next due time an interval away, and
//      the data the hotel and the restaurant changed meanwhile stored.
import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { Bindings } from "../../src/app-env";
import { addDays } from "../../src/domain/dates";
import { LEASE_TTL_MS } from "../../src/domain/sync-schedule";
import { CallPacer } from "../../src/net/call-pacer";
import { createNewbookSimulator, type NewbookSimulator } from "../../src/newbook/simulator";
import { createResosSimulator, type ResosSimulator } from "../../src/resos/simulator";
import type { KitchenSyncScheduler } from "../../src/scheduler/kitchen-sync-scheduler";
import type { ScheduledMessage, StepMessage } from "../../src/sync/messages";
import { consumeSyncMessages } from "../../src/sync/queue-consumer";
import { schedulerFor } from "../../src/sync/run-control";
import type { SyncDependencies } from "../../src/sync/sources";
import { needsNewCredentials, plainSyncFailure } from "../../src/views/sync-failure-words";
import { connectNewbook, connectResos, countRows, createKitchen, loggedLines, MINUTE_MS, type RunRow } from "./helpers";

const T0 = Date.parse("2026-03-10T10:00:00.000Z");
const TODAY = "2026-03-10";
const TIME_ZONE = "Europe/London";
const DAYS_AHEAD = 7;
/** Every kitchen here syncs every 15 minutes (the default schedule). */
const INTERVAL_MS = 15 * MINUTE_MS;
/** The scheduler's jitter, fixed: after one failure it waits the 1-minute minimum. */
const JITTER = 0.5;
const FIRST_BACKOFF_MS = MINUTE_MS;
/** The clients' timeout for the hang rows: a hung call gives up after this. */
const CLIENT_TIMEOUT_MS = 1000;
const TIMED_OUT = "The sync did not finish: it timed out and was stopped.";

let clock = T0;
let newbook: NewbookSimulator;
let resos: ResosSimulator;
/** The Newbook actions called, in order, since the test last emptied the list. */
let newbookActions: string[] = [];
let kitchens = 0;
let messages = 0;

beforeEach(() => {
  clock = T0;
  newbook = createNewbookSimulator({ seed: 11, rooms: 30, today: TODAY, clock: () => clock });
  resos = createResosSimulator({ seed: 11, rooms: 30, today: TODAY, clock: () => clock });
  newbookActions = [];
});

// ---- The kitchen, its clock and its schedule ---------------------------------------------

interface Kitchen {
  id: number;
  resos: boolean;
}

async function kitchen(options: { resos?: boolean } = {}): Promise<Kitchen> {
  const id = await createKitchen(`faults-${++kitchens}`, `Fault Matrix ${kitchens}`, TIME_ZONE);
  await connectNewbook(id);
  if (options.resos) await connectResos(id);
  const created = { id, resos: options.resos === true };
  await at(created, T0);
  return created;
}

/** Moves the run's clock and the kitchen's scheduler's clock (its jitter fixed) to `ms`. */
async function at(k: Kitchen, ms: number): Promise<void> {
  clock = ms;
  await runInDurableObject(schedulerFor(env, k.id), (instance: KitchenSyncScheduler) => {
    instance.now = () => ms;
    instance.random = () => JITTER;
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

interface ScheduleRow {
  consecutive_failures: number;
  next_due_at: string | null;
  last_sync_at: string | null;
  last_sync_status: string | null;
  last_error_message: string | null;
}

async function schedule(k: Kitchen): Promise<ScheduleRow> {
  return (await env.DB.prepare("SELECT consecutive_failures, next_due_at, last_sync_at, last_sync_status, last_error_message FROM sync_settings WHERE kitchen_id = ?")
    .bind(k.id)
    .first<ScheduleRow>())!;
}

async function nextDue(k: Kitchen): Promise<number> {
  return Date.parse((await schedule(k)).next_due_at!);
}

async function runsOf(k: Kitchen): Promise<RunRow[]> {
  return (await env.DB.prepare("SELECT * FROM sync_runs WHERE kitchen_id = ? ORDER BY id").bind(k.id).all<RunRow>()).results;
}

// ---- The sync queue, as the cron and the run's steps use it ------------------------------

function deps(extra: Partial<SyncDependencies> = {}): SyncDependencies {
  return {
    now: () => new Date(clock),
    fetch: recordedNewbookFetch,
    resosFetch: (request) => resos.fetch(request),
    pacer: new CallPacer({ now: () => 0, sleep: async () => {} }, Number.MAX_SAFE_INTEGER),
    ...extra,
  };
}

function recordedNewbookFetch(request: Request): Promise<Response> {
  newbookActions.push(new URL(request.url).pathname.split("/").pop()!);
  return newbook.fetch(request);
}

/** The Worker's bindings with a queue whose messages the test delivers itself. */
function queueInto(sent: StepMessage[]): Bindings {
  return { ...env, SYNC_QUEUE: { send: async (body: StepMessage) => void sent.push(body) } as unknown as Queue };
}

function cronMessage(k: Kitchen): ScheduledMessage {
  return { kind: "scheduled", kitchenId: k.id, timeZone: TIME_ZONE, daysAhead: DAYS_AHEAD, resosConnected: k.resos };
}

/** One delivery of a message to the sync queue's consumer; it must be acknowledged (a retry would help nothing here). */
async function deliver(target: Bindings, body: ScheduledMessage | StepMessage, id: string, attempts = 1, extra: Partial<SyncDependencies> = {}): Promise<void> {
  const batch = createMessageBatch("kitchen-sync", [{ id, timestamp: new Date(clock), attempts, body }]);
  const ctx = createExecutionContext();
  await consumeSyncMessages(batch, target, deps(extra));
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks, `message ${id}`).toEqual([id]);
  expect(result.retryMessages, `message ${id}`).toEqual([]);
}

interface Tick {
  /** The run the message started, or null. */
  run: RunRow | null;
  /** Why the consumer did nothing with a message, in the order it said so. */
  skipped: unknown[];
}

/** The cron's message for the kitchen, then every step message the run queues, each delivered once. */
async function cronTick(k: Kitchen, extra: Partial<SyncDependencies> = {}): Promise<Tick> {
  const sent: StepMessage[] = [];
  const target = queueInto(sent);
  const before = (await runsOf(k)).length;
  const lines = await loggedLines(async () => {
    await deliver(target, cronMessage(k), `cron-${++messages}`, 1, extra);
    for (let step = sent.shift(); step; step = sent.shift()) await deliver(target, step, `step-${++messages}`, 1, extra);
  });
  const runs = await runsOf(k);
  expect(runs.length - before).toBeLessThanOrEqual(1);
  return { run: runs.length > before ? runs.at(-1)! : null, skipped: skipReasons(lines) };
}

function skipReasons(lines: Record<string, unknown>[]): unknown[] {
  return lines.filter((line) => line.event === "sync_skipped").map((line) => line.reason);
}

// ---- What the syncs store ----------------------------------------------------------------

const FINGERPRINTS = {
  rooms: "SELECT * FROM rooms WHERE kitchen_id = ? ORDER BY site_id",
  categories: "SELECT * FROM room_categories WHERE kitchen_id = ? ORDER BY category_id",
  nights: "SELECT * FROM room_nights WHERE kitchen_id = ? ORDER BY night, booking_id",
  totals: "SELECT * FROM daily_occupancy WHERE kitchen_id = ? ORDER BY date",
  tables: "SELECT * FROM table_bookings WHERE kitchen_id = ? ORDER BY resos_booking_id",
  // What the first sync read of the restaurant and detected from it (the API key left out).
  restaurant: `SELECT booking_number_field_id, hotel_guest_field_id, dbb_field_id, group_field_id, dietary_field_ids,
                      service_choices, custom_fields_json, opening_hours_json, restaurant_read_at
               FROM resos_connections WHERE kitchen_id = ?`,
} as const;
type Fingerprint = Record<keyof typeof FINGERPRINTS, string>;
const RESOS_TABLES = ["tables", "restaurant"] as const;

/** Every table a sync writes for the kitchen, each as the JSON of its rows in a fixed order, read in one go. */
async function fingerprint(k: Kitchen): Promise<Fingerprint> {
  const names = Object.keys(FINGERPRINTS) as (keyof typeof FINGERPRINTS)[];
  const results = await env.DB.batch(names.map((name) => env.DB.prepare(FINGERPRINTS[name]).bind(k.id)));
  return Object.fromEntries(names.map((name, index) => [name, JSON.stringify(results[index]!.results)])) as Fingerprint;
}

function only<K extends keyof Fingerprint>(print: Fingerprint, keys: readonly K[]): Pick<Fingerprint, K> {
  return Object.fromEntries(keys.map((key) => [key, print[key]])) as Pick<Fingerprint, K>;
}

async function nightsOf(k: Kitchen, bookingId: string): Promise<string[]> {
  const rows = await env.DB.prepare("SELECT night FROM room_nights WHERE kitchen_id = ? AND booking_id = ? ORDER BY night").bind(k.id, bookingId).all<{ night: string }>();
  return rows.results.map((row) => row.night);
}

async function control<T>(simulator: { fetch(request: Request): Promise<Response> }, path: string, body: unknown = {}, method = "POST"): Promise<T> {
  const response = await simulator.fetch(
    new Request(`http://simulator.test/__control/${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  );
  expect(response.ok, `${path}: ${response.status} ${await response.clone().text()}`).toBe(true);
  return response.json<T>();
}

const newbookFault = (fault: Record<string, unknown>) => control(newbook, "faults", fault);
const resosFault = (fault: Record<string, unknown>) => control(resos, "faults", fault);

async function clearFaults(): Promise<void> {
  await control(newbook, "faults", {}, "DELETE");
  await control(resos, "faults", {}, "DELETE");
}

interface Upstream {
  /** A stay for tonight and tomorrow, booked in Newbook after the first sync. */
  bookingId: string;
  /** A table for tonight, booked in resOS after the first sync (resOS kitchens). */
  tableId: string | null;
}

/** The hotel (and the restaurant) change after the first sync, so a sync that stores anything shows it. */
async function changeUpstream(k: Kitchen): Promise<Upstream> {
  const stay = await control<{ booking_id: string }>(newbook, "bookings", {
    arrival: TODAY,
    departure: addDays(TODAY, 2),
    adults: 2,
    guests: [{ firstname: "Ada", lastname: "Lovelace" }],
  });
  const table = k.resos ? await control<{ _id: string }>(resos, "bookings", { date: TODAY, time: "19:15", people: 2, status: "approved", guest: { name: "Grace Hopper" } }) : null;
  return { bookingId: stay.booking_id, tableId: table?._id ?? null };
}

/** The kitchen after a first successful scheduled sync at T0, with what it stored. */
async function syncedKitchen(options: { resos?: boolean } = {}): Promise<{ k: Kitchen; first: RunRow; dueAt: number; before: Fingerprint }> {
  const k = await kitchen(options);
  const { run } = await cronTick(k);
  expect(run).toMatchObject({ kind: "scheduled", status: "success", error_message: null, finished_at: iso(T0) });
  expect(await schedule(k)).toMatchObject({ consecutive_failures: 0, next_due_at: iso(T0 + INTERVAL_MS) });
  const before = await fingerprint(k);
  expect(JSON.parse(before.nights).length).toBeGreaterThan(0);
  expect(JSON.parse(before.totals)).toHaveLength(DAYS_AHEAD + 1);
  if (k.resos) expect(JSON.parse(before.tables).length).toBeGreaterThan(0);
  return { k, first: run!, dueAt: T0 + INTERVAL_MS, before };
}

/** (e): a later success resets the count, puts the next try an interval away, and stores what changed upstream. */
async function expectRecovery(k: Kitchen, at: number, recovered: RunRow | null, before: Fingerprint, upstream: Upstream): Promise<void> {
  expect(recovered).toMatchObject({ kind: "scheduled", status: "success", error_message: null, finished_at: iso(at) });
  const after = await schedule(k);
  expect(after).toEqual({ consecutive_failures: 0, next_due_at: iso(at + INTERVAL_MS), last_sync_at: iso(at), last_sync_status: "success", last_error_message: null });
  expect(plainSyncFailure(after.last_error_message)).toBeNull();
  const stored = await fingerprint(k);
  expect(stored.nights).not.toEqual(before.nights);
  expect(await nightsOf(k, upstream.bookingId)).toEqual([TODAY, addDays(TODAY, 1)]);
  expect(await countRows("daily_occupancy", "kitchen_id = ? AND sync_run_id = ?", k.id, recovered!.id)).toBe(DAYS_AHEAD + 1);
  if (upstream.tableId) {
    expect(stored.tables).not.toEqual(before.tables);
    expect(await countRows("table_bookings", "kitchen_id = ? AND resos_booking_id = ? AND sync_run_id = ?", k.id, upstream.tableId, recovered!.id)).toBe(1);
  }
}

/** (d): nothing starts just before the next due time; the next due time is after the failed try. */
async function expectNotDueBefore(k: Kitchen, nextTry: number): Promise<void> {
  await at(k, nextTry - 1);
  const early = await cronTick(k);
  expect(early).toEqual({ run: null, skipped: ["not_due"] });
}

// ---- The rows whose run fails (or is partial) --------------------------------------------

interface Injected {
  /** The seams the failing run and the recovery run use (a short timeout, a page size). */
  deps?: Partial<SyncDependencies>;
  /** Ends the fault before the recovery run; by default the simulators' faults are cleared. */
  clear?: () => Promise<void>;
}

interface FaultRow {
  name: string;
  /** resOS is connected: Newbook answers and resOS fails, so the run is partial. */
  resos?: boolean;
  inject: (k: Kitchen, first: RunRow) => Promise<Injected>;
  /** The run's stored error. */
  error: string | RegExp;
  /** What the banner says of it. */
  plain: string;
  /** The wait from the failed try to the next; the first backoff unless the API asked for longer. */
  waitMs?: number;
  /** Only an admin can mend it (new credentials). */
  credentials?: boolean;
  /** Further checks of the Newbook calls of the failed run and of the recovery run. */
  calls?: (failing: string[], recovery: string[]) => void;
}

async function faultRow(row: FaultRow): Promise<void> {
  const { k, first, dueAt, before } = await syncedKitchen({ resos: row.resos });
  const upstream = await changeUpstream(k);
  const injected = await row.inject(k, first);

  // The try at the due time, into the fault.
  await at(k, dueAt);
  newbookActions = [];
  const { run } = await cronTick(k, injected.deps);
  const failingCalls = newbookActions;
  const status = row.resos ? "partial" : "failed";

  // (a) What the previous sync stored stands.
  const after = await fingerprint(k);
  if (status === "failed") {
    expect(after).toEqual(before);
  } else {
    expect(only(after, RESOS_TABLES)).toEqual(only(before, RESOS_TABLES));
    expect(await countRows("table_bookings", "kitchen_id = ? AND resos_booking_id = ?", k.id, upstream.tableId)).toBe(0);
    // Newbook's half of the run is kept: the new stay and the day's totals of this run.
    expect(await nightsOf(k, upstream.bookingId)).toEqual([TODAY, addDays(TODAY, 1)]);
    expect(await countRows("daily_occupancy", "kitchen_id = ? AND sync_run_id = ?", k.id, run!.id)).toBe(DAYS_AHEAD + 1);
  }

  // (b) The run and the schedule say what went wrong, the banner in plain words.
  expect(run).toMatchObject({ kind: "scheduled", status, finished_at: iso(dueAt) });
  if (typeof row.error === "string") expect(run!.error_message).toBe(row.error);
  else expect(run!.error_message).toMatch(row.error);
  const failed = await schedule(k);
  expect(failed).toMatchObject({ last_sync_status: status, last_error_message: run!.error_message, last_sync_at: iso(T0) });
  expect(plainSyncFailure(failed.last_error_message)).toBe(row.plain);
  expect(needsNewCredentials(failed.last_error_message)).toBe(row.credentials ?? false);

  // (c) The failure counts.
  expect(failed.consecutive_failures).toBe(1);

  // (d) The next try moved back: the backoff (or Retry-After) after the failed try.
  const nextTry = Date.parse(failed.next_due_at!);
  expect(nextTry - dueAt).toBe(row.waitMs ?? FIRST_BACKOFF_MS);
  expect(nextTry).toBeGreaterThan(dueAt);
  await expectNotDueBefore(k, nextTry);

  // (e) The next try, the fault over, succeeds and resets it all.
  await (injected.clear ?? clearFaults)();
  await at(k, nextTry);
  newbookActions = [];
  const { run: recovered } = await cronTick(k, injected.deps);
  await expectRecovery(k, nextTry, recovered, before, upstream);
  row.calls?.(failingCalls, newbookActions);
}

const NEWBOOK_ROWS: FaultRow[] = [
  {
    name: "1. Newbook answers HTTP 500",
    inject: async () => (await newbookFault({ kind: "500" }), {}),
    error: "Newbook answered sites_list with HTTP 500.",
    plain: "Newbook had a server error while we fetched the rooms (HTTP 500).",
  },
  {
    name: "2. Newbook throttles with 429 and Retry-After: the next try waits the hour it asked for",
    // The reference's throttle quirk: a 429 whose success "false" envelope says "Rate limit exceeded", Retry-After in seconds.
    inject: async () => (await newbookFault({ kind: "throttled", retry_after_seconds: 3600 }), {}),
    error: "Newbook is limiting requests (HTTP 429); the sync will wait and retry.",
    plain: "Newbook is busy and asked us to slow down; the sync tries again by itself.",
    waitMs: 60 * MINUTE_MS,
  },
  {
    name: "3. Newbook hangs past the client's timeout",
    inject: async () => (await newbookFault({ kind: "hang" }), { deps: { timeoutMs: CLIENT_TIMEOUT_MS } }),
    error: "Newbook did not answer sites_list within 1 s.",
    plain: "Newbook took too long to answer while we fetched the rooms.",
  },
  {
    name: "4. Newbook sends an HTML page with HTTP 200",
    inject: async () => (await newbookFault({ kind: "html" }), {}),
    error: "Newbook answered sites_list with a body that is not JSON (text/html).",
    plain: "Newbook sent an answer we could not read while we fetched the rooms.",
  },
  {
    name: '5. Newbook answers with a success "false" envelope',
    inject: async () => (await newbookFault({ kind: "success_false" }), {}),
    error: "Newbook refused sites_list: Simulated failure",
    plain: "Newbook refused our request for the rooms: Simulated failure",
  },
  {
    name: "6. Newbook refuses the credentials (HTTP 401)",
    inject: async () => (await newbookFault({ kind: "401" }), {}),
    error: "Newbook rejected the username/password.",
    plain: "Newbook refused the stored username and password: they must be entered again in Settings.",
    credentials: true,
  },
  {
    name: "7. page 2 of 3 of Newbook's bookings_list fails",
    inject: async (_k, first) => {
      // Three pages of the bookings the next run lists: the first sync's and the one booked since.
      const pageSize = Math.ceil((first.records_fetched + 1) / 3);
      await newbookFault({ kind: "page", page: 2 });
      return { deps: { pageSize } };
    },
    error: "Newbook answered bookings_list with HTTP 500.",
    plain: "Newbook had a server error while we fetched the bookings (HTTP 500).",
    calls: (failing, recovery) => {
      expect(failing.filter((action) => action === "bookings_list")).toHaveLength(2);
      expect(recovery.filter((action) => action === "bookings_list")).toHaveLength(3);
    },
  },
];

const RESOS_ROWS: FaultRow[] = [
  {
    name: "9. resOS answers HTTP 500 while Newbook answers",
    resos: true,
    inject: async () => (await resosFault({ kind: "500" }), {}),
    error: "resOS answered /customFields with HTTP 500.",
    plain: "resOS had a server error while we fetched the booking fields (HTTP 500).",
  },
  {
    name: "10. resOS refuses the API key (HTTP 401) while Newbook answers",
    resos: true,
    inject: async () => (await resosFault({ kind: "401" }), {}),
    error: "resOS rejected the API key.",
    plain: "resOS refused the stored API key: it must be entered again in Settings.",
    credentials: true,
  },
  {
    name: "11. resOS throttles with 429 and a Retry-After in milliseconds while Newbook answers: the next try waits those 20 minutes",
    resos: true,
    // resOS counts Retry-After in ms: 1,200,000 is 20 minutes (read as seconds it would be the 6-hour cap).
    inject: async () => (await resosFault({ kind: "throttled", retry_after_ms: 20 * MINUTE_MS }), {}),
    error: "resOS is limiting requests (HTTP 429); the sync will wait and retry.",
    plain: "resOS is busy and asked us to slow down; the sync tries again by itself.",
    waitMs: 20 * MINUTE_MS,
  },
  {
    name: "12. resOS sends an HTML page while Newbook answers",
    resos: true,
    inject: async () => (await resosFault({ kind: "html" }), {}),
    error: "resOS answered /customFields with a body that is not JSON (text/html).",
    plain: "resOS sent an answer we could not read while we fetched the booking fields.",
  },
  {
    name: "13. resOS hangs past the client's timeout while Newbook answers",
    resos: true,
    inject: async () => (await resosFault({ kind: "hang" }), { deps: { timeoutMs: CLIENT_TIMEOUT_MS } }),
    error: "resOS did not answer /customFields within 1 s.",
    plain: "resOS took too long to answer while we fetched the booking fields.",
  },
];

const TRIGGER = "fault_matrix_refuses_room_nights";

const PLATFORM_ROWS: FaultRow[] = [
  {
    name: "14. D1 refuses the run's write batch",
    // A real refusal by D1: a trigger that aborts any insert into room_nights for the kitchen.
    inject: async (k) => {
      await env.DB.prepare(`CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON room_nights WHEN NEW.kitchen_id = ${k.id} BEGIN SELECT RAISE(ABORT, 'room_nights refuses writes'); END`).run();
      return { clear: async () => void (await env.DB.prepare(`DROP TRIGGER ${TRIGGER}`).run()) };
    },
    // Our own side failed, and it says so; the banner's sentence for it is the general one.
    error: /^The sync failed inside Kitchen Residents: .*room_nights refuses writes/,
    plain: "The last sync failed.",
    calls: (failing) => expect([...failing].sort()).toEqual(["bookings_list", "gl_account_list", "reports_occupancy", "sites_list"]),
  },
];

describe("the fault matrix", () => {
  for (const row of NEWBOOK_ROWS) it(row.name, () => faultRow(row));

  it("8. a Newbook booking with no dates: the run succeeds, the booking is skipped and counted in the run, nothing else moves", async () => {
    const { k, first, dueAt, before } = await syncedKitchen();
    const undatedId = "990001";
    let listed = 0;
    // Newbook lists one more booking, a stay like any other but without its dates.
    const withUndatedBooking = async (request: Request): Promise<Response> => {
      const response = await recordedNewbookFetch(request);
      if (!request.url.endsWith("/bookings_list")) return response;
      const envelope = await response.json<{ data: Record<string, unknown>[]; data_total: number; data_count: number }>();
      listed = envelope.data.length;
      const template = envelope.data.find((booking) => !/cancel|no.?show|quote|waitlist|owner/i.test(String(booking.booking_status)))!;
      const undated: Record<string, unknown> = { ...template, booking_id: undatedId };
      delete undated.booking_arrival;
      delete undated.booking_departure;
      return Response.json({ ...envelope, data: [...envelope.data, undated], data_total: envelope.data_total + 1, data_count: envelope.data_count + 1 });
    };

    await at(k, dueAt);
    const { run } = await cronTick(k, { fetch: withUndatedBooking });

    // (a) Every other booking's rows are what the previous sync stored; the undated one has none.
    const after = await fingerprint(k);
    expect(only(after, ["rooms", "categories", "nights", "tables", "restaurant"])).toEqual(only(before, ["rooms", "categories", "nights", "tables", "restaurant"]));
    const figures = (print: Fingerprint) => JSON.stringify((JSON.parse(print.totals) as Record<string, unknown>[]).map(({ sync_run_id: _run, updated_at: _at, ...day }) => day));
    expect(figures(after)).toEqual(figures(before));
    expect(await nightsOf(k, undatedId)).toEqual([]);

    // (b) The run succeeded, and its record counts the booking and says why it was left out.
    expect(run).toMatchObject({ kind: "scheduled", status: "success", error_message: null, warnings: 1 });
    expect(listed).toBe(first.records_fetched);
    expect(run!.records_fetched).toBe(listed + 1);
    expect(JSON.parse(run!.warning_samples!)).toEqual([{ booking_id: undatedId, reason: "arrival (missing) is not a date" }]);
    const synced = await schedule(k);
    expect(plainSyncFailure(synced.last_error_message)).toBeNull();

    // (c) It is no failure: (d) the next try is the plain interval away.
    expect(synced).toEqual({ consecutive_failures: 0, next_due_at: iso(dueAt + INTERVAL_MS), last_sync_at: iso(dueAt), last_sync_status: "success", last_error_message: null });

    // (e) Once Newbook lists it no more, the next success has no warning and stores what changed.
    const upstream = await changeUpstream(k);
    await at(k, dueAt + INTERVAL_MS);
    const { run: recovered } = await cronTick(k);
    expect(recovered).toMatchObject({ warnings: 0, warning_samples: null, records_fetched: listed + 1 });
    await expectRecovery(k, dueAt + INTERVAL_MS, recovered, before, upstream);
  });

  for (const row of RESOS_ROWS) it(row.name, () => faultRow(row));

  for (const row of PLATFORM_ROWS) it(row.name, () => faultRow(row));

  it("15. the lease holder dies mid-run: its lease runs out, the run is failed as timed out, and a later run takes over", async () => {
    const { k, dueAt, before } = await syncedKitchen();
    const upstream = await changeUpstream(k);

    // The cron's message starts the run; the consumer that takes its first step claims it and is gone.
    await at(k, dueAt);
    const sent: StepMessage[] = [];
    const target = queueInto(sent);
    await loggedLines(() => deliver(target, cronMessage(k), `cron-${++messages}`));
    expect(sent).toHaveLength(1);
    const step = sent[0]!;
    const scheduler = schedulerFor(env, k.id);
    expect(await scheduler.claim(step.leaseId, 0)).toMatchObject({ status: "go" });
    expect(await runsOf(k)).toHaveLength(2);
    expect((await runsOf(k)).at(-1)).toMatchObject({ id: step.runId, status: "running" });

    // The queue delivers the dead consumer's message again: the step is claimed already, so nothing runs.
    newbookActions = [];
    const redelivered = await loggedLines(() => deliver(target, step, `step-${++messages}`, 2));
    expect(skipReasons(redelivered)).toEqual(["repeat"]);
    expect(newbookActions).toEqual([]);
    // While the lease lives, no second run starts beside the one whose holder is gone.
    await at(k, dueAt + 5 * MINUTE_MS);
    expect(await cronTick(k)).toEqual({ run: null, skipped: ["running"] });

    // The lease runs out: the scheduler's alarm ends the run.
    const expiry = dueAt + LEASE_TTL_MS;
    await at(k, expiry);
    expect(await runDurableObjectAlarm(scheduler)).toBe(true);

    // (a) Nothing the previous sync stored has moved.
    expect(await fingerprint(k)).toEqual(before);
    // (b) The run and the schedule say it timed out.
    expect((await runsOf(k)).at(-1)).toMatchObject({ id: step.runId, status: "failed", error_message: TIMED_OUT, finished_at: iso(expiry), chunks_done: 0 });
    const failed = await schedule(k);
    expect(failed).toMatchObject({ last_sync_status: "failed", last_error_message: TIMED_OUT, last_sync_at: iso(T0) });
    expect(plainSyncFailure(failed.last_error_message)).toBe("The last sync failed.");
    // (c) The failure counts.
    expect(failed.consecutive_failures).toBe(1);
    // (d) The next try is the backoff after the lease ran out.
    const nextTry = Date.parse(failed.next_due_at!);
    expect(nextTry - expiry).toBe(FIRST_BACKOFF_MS);
    await expectNotDueBefore(k, nextTry);
    // The gone holder's late word counts for nothing, nor can it take another step.
    expect(await scheduler.finish(step.leaseId, { status: "success" })).toBe(false);
    expect(await scheduler.claim(step.leaseId, 1)).toEqual({ status: "stale" });
    expect(await schedule(k)).toEqual(failed);

    // (e) A later run takes over and resets it all.
    await at(k, nextTry);
    const { run: recovered } = await cronTick(k);
    await expectRecovery(k, nextTry, recovered, before, upstream);
    expect((await runsOf(k)).map((run) => run.status)).toEqual(["success", "failed", "success"]);
  });

  it("16. a queue message delivered three times runs the sync once, and the data is what one run writes", async () => {
    const { k, dueAt, before } = await syncedKitchen();
    const upstream = await changeUpstream(k);
    await at(k, dueAt);
    newbookActions = [];
    const sent: StepMessage[] = [];
    const target = queueInto(sent);

    // The cron's message three times at once (the queue's redeliveries), then the step message it queued three times at once.
    const lines = await loggedLines(async () => {
      await Promise.all([1, 2, 3].map((attempt) => deliver(target, cronMessage(k), "cron-redelivered", attempt)));
      expect(sent).toHaveLength(1);
      await Promise.all([1, 2, 3].map((attempt) => deliver(target, sent[0]!, "step-redelivered", attempt)));
    });
    expect(sent).toHaveLength(1);
    // Why the other deliveries did nothing: the run was going, its step was claimed.
    expect(skipReasons(lines)).toEqual(["running", "running", "repeat", "repeat"]);
    // One run: one run row, and Newbook asked once for each of its four lists.
    const runs = await runsOf(k);
    expect(runs).toHaveLength(2);
    const run = runs[1]!;
    expect([...newbookActions].sort()).toEqual(["bookings_list", "gl_account_list", "reports_occupancy", "sites_list"]);

    // (b) It succeeded, with nothing to report; (c) no failure; (d) the next try the plain interval away.
    expect(run).toMatchObject({ kind: "scheduled", status: "success", error_message: null, api_calls: 4, chunks_done: 1, finished_at: iso(dueAt) });
    const synced = await schedule(k);
    expect(synced).toEqual({ consecutive_failures: 0, next_due_at: iso(dueAt + INTERVAL_MS), last_sync_at: iso(dueAt), last_sync_status: "success", last_error_message: null });
    expect(plainSyncFailure(synced.last_error_message)).toBeNull();

    // (a) The data is whole: the new stay once, every night's totals from this one run.
    const once = await fingerprint(k);
    expect(await nightsOf(k, upstream.bookingId)).toEqual([TODAY, addDays(TODAY, 1)]);
    expect(await countRows("daily_occupancy", "kitchen_id = ? AND sync_run_id = ?", k.id, run.id)).toBe(DAYS_AHEAD + 1);
    expect(once.nights).not.toEqual(before.nights);

    // (e) A later run, delivered once, with nothing changed upstream, stores exactly the same rows.
    await at(k, dueAt + INTERVAL_MS);
    const { run: later } = await cronTick(k);
    expect(later).toMatchObject({ status: "success" });
    const again = await fingerprint(k);
    expect(only(again, ["rooms", "categories", "nights"])).toEqual(only(once, ["rooms", "categories", "nights"]));
    const figures = (print: Fingerprint) => JSON.stringify((JSON.parse(print.totals) as Record<string, unknown>[]).map(({ sync_run_id: _run, updated_at: _at, ...day }) => day));
    expect(figures(again)).toEqual(figures(once));
    expect(await schedule(k)).toMatchObject({ consecutive_failures: 0, next_due_at: iso(dueAt + 2 * INTERVAL_MS) });
  });
});
