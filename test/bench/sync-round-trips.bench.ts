// Benchmark (not a test): D1 round trips of one kitchen's sync, counted in workerd. Prints
// one `BENCH {json}` line per case for scripts/bench.ts.
import { env } from "cloudflare:workers";
import { it } from "vitest";
import { encryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { addDays } from "../../src/domain/dates";
import { CallPacer } from "../../src/newbook/pacer";
import { createNewbookSimulator, SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";
import { runKitchenSync } from "../../src/sync/run-kitchen-sync";
import { countingD1, type RoundTrips } from "./counting-d1";

const TODAY = "2026-03-10";

const CASES = [
  { name: "7-day sync, 200 rooms", rooms: 200, nights: 7, kind: "manual" as const },
  { name: "31-day sync, 500 rooms", rooms: 500, nights: 31, kind: "manual" as const },
  { name: "365-day historical, 200 rooms", rooms: 200, nights: 365, kind: "historical" as const },
];

it("counts D1 round trips per sync", async () => {
  for (const [index, benchCase] of CASES.entries()) {
    const kitchen = await env.DB.prepare("INSERT INTO kitchens (slug, name) VALUES (?, ?) RETURNING id").bind(`bench-${index}`, benchCase.name).first<{ id: number }>();
    await env.DB.prepare("INSERT INTO sync_settings (kitchen_id) VALUES (?)").bind(kitchen!.id).run();
    const { username, password, apiKey, region } = SIMULATOR_CREDENTIALS;
    const ciphertext = await encryptForKitchen(await importCredentialsKey(env.CREDENTIALS_KEY), kitchen!.id, JSON.stringify({ username, password, apiKey }));
    await env.DB.prepare("INSERT INTO newbook_connections (kitchen_id, region, credentials_ciphertext) VALUES (?, ?, ?)").bind(kitchen!.id, region, ciphertext).run();

    const simulator = createNewbookSimulator({ seed: 42, rooms: benchCase.rooms, today: TODAY });
    const trips: RoundTrips = { count: 0 };
    const from = benchCase.kind === "historical" ? addDays(TODAY, -benchCase.nights + 1) : TODAY;
    const to = benchCase.kind === "historical" ? TODAY : addDays(TODAY, benchCase.nights - 1);
    const outcome = await runKitchenSync({ ...env, DB: countingD1(env.DB, trips) }, kitchen!.id, { from, to, kind: benchCase.kind }, {
      now: () => new Date(`${TODAY}T12:00:00Z`),
      fetch: (request) => simulator.fetch(request),
      pacer: new CallPacer({ now: () => 0, sleep: async () => {} }, Number.MAX_SAFE_INTEGER),
    });
    if (outcome.status !== "success") throw new Error(`${benchCase.name}: ${outcome.errorMessage}`);
    console.log(`BENCH ${JSON.stringify({ case: benchCase.name, d1_round_trips: trips.count, api_calls: outcome.apiCalls, rows_written: outcome.rowsWritten, bookings: outcome.recordsFetched })}`);
  }
});
