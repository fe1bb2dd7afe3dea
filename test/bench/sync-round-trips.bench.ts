// Benchmark (not a test): D1 round trips of one kitchen's sync on the production path
// (startRun, the scheduler's lease, each step through consumeStep), counted in workerd on
// both sides: the run's own (the Worker) and the scheduler's (its mirror and the run's row).
// Each kitchen syncs once before the count, as every run after its first. Prints one
// `BENCH {json}` line per case for scripts/bench.ts.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { it } from "vitest";
import { encryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { addDays } from "../../src/domain/dates";
import type { SyncRunKind } from "../../src/domain/sync-run";
import { CallPacer } from "../../src/net/call-pacer";
import { createNewbookSimulator, SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";
import { createResosSimulator, RESOS_SIMULATOR_API_KEY } from "../../src/resos/simulator";
import type { KitchenSyncScheduler } from "../../src/scheduler/kitchen-sync-scheduler";
import { runRequest, schedulerFor } from "../../src/sync/run-control";
import { driveRun } from "../integration/drive-run";
import { countingD1, type RoundTrips } from "./counting-d1";

const TODAY = "2026-03-10";

const CASES: { name: string; rooms: number; nights: number; kind: SyncRunKind; resos?: boolean }[] = [
  { name: "7-day sync, 200 rooms", rooms: 200, nights: 7, kind: "manual" },
  { name: "7-day sync, 200 rooms, with resOS", rooms: 200, nights: 7, kind: "manual", resos: true },
  { name: "31-day sync, 500 rooms", rooms: 500, nights: 31, kind: "manual" },
  { name: "365-day range, 200 rooms", rooms: 200, nights: 365, kind: "historical" },
];

it("counts D1 round trips per sync", async () => {
  for (const [index, benchCase] of CASES.entries()) {
    const kitchen = await env.DB.prepare("INSERT INTO kitchens (slug, name) VALUES (?, ?) RETURNING id").bind(`bench-${index}`, benchCase.name).first<{ id: number }>();
    const kitchenId = kitchen!.id;
    const { username, password, apiKey, region } = SIMULATOR_CREDENTIALS;
    const ciphertext = await encryptForKitchen(await importCredentialsKey(env.CREDENTIALS_KEY), kitchenId, JSON.stringify({ username, password, apiKey }));
    await env.DB.prepare("INSERT INTO newbook_connections (kitchen_id, region, credentials_ciphertext) VALUES (?, ?, ?)").bind(kitchenId, region, ciphertext).run();
    if (benchCase.resos) {
      const key = await encryptForKitchen(await importCredentialsKey(env.CREDENTIALS_KEY), kitchenId, RESOS_SIMULATOR_API_KEY);
      await env.DB.prepare("INSERT INTO resos_connections (kitchen_id, api_key_ciphertext) VALUES (?, ?)").bind(kitchenId, key).run();
    }

    const simulator = createNewbookSimulator({ seed: 42, rooms: benchCase.rooms, today: TODAY });
    const restaurant = createResosSimulator({ seed: 42, rooms: benchCase.rooms, today: TODAY });
    const deps = {
      now: () => new Date(`${TODAY}T12:00:00Z`),
      fetch: (request: Request) => simulator.fetch(request),
      resosFetch: (request: Request) => restaurant.fetch(request),
      pacer: new CallPacer({ now: () => 0, sleep: async () => {} }, Number.MAX_SAFE_INTEGER),
    };
    const from = benchCase.kind === "historical" ? addDays(TODAY, -benchCase.nights + 1) : TODAY;
    const to = benchCase.kind === "historical" ? TODAY : addDays(TODAY, benchCase.nights - 1);
    const request = runRequest(kitchenId, benchCase.kind, { from, to }, { resos: benchCase.resos === true });
    await driveRun(env, request, deps);

    const run: RoundTrips = { count: 0 };
    const scheduler: RoundTrips = { count: 0 };
    await runInDurableObject(schedulerFor(env, kitchenId), (instance: KitchenSyncScheduler) => {
      instance.d1 = countingD1(env.DB, scheduler);
    });
    const runId = await driveRun({ ...env, DB: countingD1(env.DB, run) }, request, deps);
    const row = await env.DB.prepare("SELECT status, error_message, api_calls, rows_written, records_fetched, chunks_total FROM sync_runs WHERE id = ?")
      .bind(runId)
      .first<{ status: string; error_message: string | null; api_calls: number; rows_written: number; records_fetched: number; chunks_total: number }>();
    if (row?.status !== "success") throw new Error(`${benchCase.name}: ${row?.status} ${row?.error_message}`);
    console.log(
      `BENCH ${JSON.stringify({
        case: benchCase.name,
        d1_round_trips: run.count,
        scheduler_round_trips: scheduler.count,
        steps: row.chunks_total,
        api_calls: row.api_calls,
        rows_written: row.rows_written,
        bookings: row.records_fetched,
      })}`,
    );
  }
});
