// `npm run bench`: benchmarks, not tests. Measures, prints a table against the targets,
// and never fails on timing (these machines are noisy); it fails only if a run breaks.
//  1. D1 round trips per sync, counted inside workerd (test/bench/*.bench.ts).
//  2. Wall time of a 7-day sync of a 200-room hotel, timed from outside over HTTP against
//     wrangler dev with the in-process Newbook simulator: what a kitchen admin waits for.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { addDays, todayInZone } from "../src/domain/dates";
import { startSite } from "../test/support/site";
import { PROJECT_ROOT, QUIET_WRANGLER_ENV } from "./lib/wrangler";

const SYNC_RUNS = 15; // 4 Newbook calls each: stays under the 100 calls a minute pacing
const ROOMS = 200;

interface Row {
  measure: string;
  value: string;
  target: string;
  met: boolean | null;
}

function workerdBenchmarks(): Record<string, { d1_round_trips: number; api_calls: number; rows_written: number }> {
  const result = spawnSync(`${PROJECT_ROOT}node_modules/.bin/vitest`, ["run", "--config", "vitest.bench.config.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...QUIET_WRANGLER_ENV },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`workerd benchmarks failed:\n${result.stdout}${result.stderr}`);
  const cases: ReturnType<typeof workerdBenchmarks> = {};
  for (const match of result.stdout.matchAll(/^.*BENCH (\{.*\})$/gm)) {
    const parsed = JSON.parse(match[1]!) as { case: string; d1_round_trips: number; api_calls: number; rows_written: number };
    cases[parsed.case] = parsed;
  }
  return cases;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function syncWallTimes(): Promise<number[]> {
  const site = await startSite();
  try {
    const admin = site.logins.find((login) => login.role === "admin")!;
    const origin = site.baseUrl;
    const signIn = await fetch(`${origin}/login`, {
      method: "POST",
      headers: { origin },
      body: new URLSearchParams({ email: admin.email, password: admin.password }),
      redirect: "manual",
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const reset = await fetch(`${origin}/__sim/newbook/__control/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rooms: ROOMS }),
    });
    if (!reset.ok) throw new Error(`simulator reset failed: ${reset.status}`);

    const today = todayInZone("Europe/London", new Date());
    const body = JSON.stringify({ date_from: today, date_to: addDays(today, 6) });
    const times: number[] = [];
    for (let run = 0; run <= SYNC_RUNS; run++) {
      const started = performance.now();
      const response = await fetch(`${origin}/api/newbook/sync/historical`, {
        method: "POST",
        headers: { cookie, origin, "content-type": "application/json" },
        body,
      });
      const result = (await response.json()) as { status?: string; error_message?: string };
      const elapsed = performance.now() - started;
      if (result.status !== "success") throw new Error(`sync failed: ${JSON.stringify(result)}`);
      if (run > 0) times.push(elapsed); // the first run warms the isolate up
    }
    return times.sort((a, b) => a - b);
  } finally {
    await site.stop();
  }
}

async function main(): Promise<void> {
  console.log("workerd: counting D1 round trips ...");
  const counted = workerdBenchmarks();
  console.log(`wrangler dev: timing ${SYNC_RUNS} syncs of 7 nights, ${ROOMS} rooms, over HTTP ...`);
  const times = await syncWallTimes();

  const seven = counted["7-day sync, 200 rooms"]!;
  const rows: Row[] = [
    { measure: "7-day sync, 200 rooms: wall time, median", value: `${percentile(times, 50).toFixed(0)} ms`, target: "<= 1000 ms", met: percentile(times, 50) <= 1000 },
    { measure: "7-day sync, 200 rooms: wall time, p95", value: `${percentile(times, 95).toFixed(0)} ms`, target: "<= 1000 ms", met: percentile(times, 95) <= 1000 },
    { measure: "7-day sync, 200 rooms: D1 round trips", value: String(seven.d1_round_trips), target: "<= 3", met: seven.d1_round_trips <= 3 },
    ...Object.entries(counted)
      .filter(([name]) => name !== "7-day sync, 200 rooms")
      .map(([name, c]) => ({ measure: `${name}: D1 round trips`, value: `${c.d1_round_trips} (${c.rows_written} rows, ${c.api_calls} API calls)`, target: "-", met: null })),
  ];
  console.log("\n| measure | result | target | |\n| --- | --- | --- | --- |");
  for (const row of rows) console.log(`| ${row.measure} | ${row.value} | ${row.target} | ${row.met === null ? "" : row.met ? "met" : "MISSED"} |`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
