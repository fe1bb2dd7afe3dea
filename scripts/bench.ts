// `npm run bench`: benchmarks, not tests. Measures, prints a table against the targets,
// and never fails on timing (these machines are noisy); it fails only if a run breaks.
//  1. D1 round trips per sync on the production path (the run's own and the scheduler's),
//     counted inside workerd (test/bench/*.bench.ts).
//  2. Wall time of a 7-day sync of a 200-room hotel and its restaurant, timed from outside
//     over HTTP against wrangler dev with the in-process Newbook and resOS simulators, from
//     the request through the queue to the finished run: what a kitchen admin waits for.
//  3. The residents chart: latency of 500 renders per size over HTTP, and what a phone
//     downloads on the first load; Tonight for the 200-room hotel likewise.
//  4. D1 round trips of a signed-in page view, counted inside workerd.
//  5. The size of the Worker as deployed (`wrangler deploy --dry-run`: no simulators in it).
// `npm run bench -- load` instead runs the load benchmark (scripts/bench-load.ts).
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { addDays, todayInZone } from "../src/domain/dates";
import { startSite } from "../test/support/site";
import { loadBenchmark } from "./bench-load";
import { percentile, printTable, type BenchRow } from "./lib/bench-table";
import { syncNights, type BenchSession } from "./lib/bench-sync";
import { bundleWorker, PROJECT_ROOT, QUIET_WRANGLER_ENV } from "./lib/wrangler";

// Each run makes 4 Newbook calls and about 11 resOS ones (fields, hours, 9 days of tables in
// pages of 100 at 200 rooms): 8 runs stay under resOS's 100 calls a minute, so no run
// waits for its turn and the times are the sync's own.
const SYNC_RUNS = 7;
const ROOMS = 200;
const DEMO_ROOMS = 30;

interface WorkerdBench {
  d1_round_trips: number;
  scheduler_round_trips?: number;
  steps?: number;
  api_calls?: number;
  rows_written?: number;
  send_batches?: number;
  due?: number;
  elapsed_ms?: number;
}

function workerdBenchmarks(): Record<string, WorkerdBench> {
  const result = spawnSync(`${PROJECT_ROOT}node_modules/.bin/vitest`, ["run", "--config", "vitest.bench.config.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...QUIET_WRANGLER_ENV },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`workerd benchmarks failed:\n${result.stdout}${result.stderr}`);
  const cases: ReturnType<typeof workerdBenchmarks> = {};
  for (const match of result.stdout.matchAll(/^.*BENCH (\{.*\})$/gm)) {
    const parsed = JSON.parse(match[1]!) as WorkerdBench & { case: string };
    cases[parsed.case] = parsed;
  }
  return cases;
}

function tickRows(tick: WorkerdBench | undefined): BenchRow[] {
  if (!tick) throw new Error("the cron tick benchmark printed nothing");
  // Full batches of 100 messages: 10 sends per 1,000 due, and one more for what is left over.
  const fewest = Math.ceil((tick.due ?? 0) / 100);
  return [
    { measure: `cron tick, 10,000 kitchens at mixed intervals (${tick.due} due): D1 queries`, value: String(tick.d1_round_trips), target: "1", met: tick.d1_round_trips === 1 },
    { measure: `cron tick, 10,000 kitchens: sendBatch calls for ${tick.due} due`, value: String(tick.send_batches), target: `<= ${fewest} (10 per 1,000)`, met: (tick.send_batches ?? Infinity) <= fewest },
    { measure: "cron tick, 10,000 kitchens: time (I/O included)", value: `${tick.elapsed_ms} ms`, target: "-", met: null },
  ];
}

async function signInAsAdmin(site: Awaited<ReturnType<typeof startSite>>): Promise<BenchSession> {
  const admin = site.logins.find((login) => login.role === "admin")!;
  const origin = site.baseUrl;
  const signIn = await fetch(`${origin}/login`, {
    method: "POST",
    headers: { origin },
    body: new URLSearchParams({ email: admin.email, password: admin.password }),
    redirect: "manual",
  });
  return { origin, cookie: signIn.headers.get("set-cookie")!.split(";")[0]! };
}

/** The hotel and its restaurant at a new size: both simulators, so the restaurant's residents stay the hotel's guests. */
async function resetHotel({ origin }: BenchSession, rooms: number): Promise<void> {
  for (const simulator of ["newbook", "resos"]) {
    const reset = await fetch(`${origin}/__sim/${simulator}/__control/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rooms }),
    });
    if (!reset.ok) throw new Error(`${simulator} simulator reset failed: ${reset.status}`);
  }
}

/**
 * One sync of `nights` nights from today, over HTTP: started with the JSON API, run
 * through the queue, followed until it has ended. Returns the wall time in ms, from the
 * request to the moment the run is seen finished: what an admin waits for.
 */
async function timedSync(session: BenchSession, today: string, nights: number): Promise<number> {
  const started = performance.now();
  await syncNights(session, today, addDays(today, nights - 1), 5);
  return performance.now() - started;
}

async function syncWallTimes(session: BenchSession, today: string): Promise<number[]> {
  await resetHotel(session, ROOMS);
  const times: number[] = [];
  for (let run = 0; run <= SYNC_RUNS; run++) {
    const elapsed = await timedSync(session, today, 7);
    if (run > 0) times.push(elapsed); // the first run warms the isolate up
  }
  return times.sort((a, b) => a - b);
}

const CHART_RENDERS = 500;
const FRESH_RENDERS = 20;

/** Times of one request, in ms. */
async function timedFetch(url: string, cookie: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

/**
 * CHART_RENDERS renders of `path`, each followed by a bare /healthz: the local floor,
 * measured in the same moments, so the ratio of the two says what the page itself costs
 * whatever the machine's speed.
 */
async function interleavedLatencies({ origin, cookie }: BenchSession, path: string): Promise<{ sorted: number[]; floor: number[]; html: string }> {
  let html = "";
  const times: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run <= CHART_RENDERS; run++) {
    const chart = await timedFetch(`${origin}${path}`, cookie);
    if (chart.status !== 200) throw new Error(`${path} answered ${chart.status}`);
    html = chart.body;
    const health = await timedFetch(`${origin}/healthz`, cookie);
    if (run > 0) {
      times.push(chart.ms);
      floor.push(health.ms);
    }
  }
  return { sorted: times.sort((a, b) => a - b), floor: floor.sort((a, b) => a - b), html };
}

async function gzipBytes({ origin, cookie }: BenchSession, path: string): Promise<number> {
  const body = Buffer.from(await (await fetch(`${origin}${path}`, { headers: { cookie } })).arrayBuffer());
  return gzipSync(body).length;
}

/** The Worker exactly as `wrangler deploy` would upload it, wrangler's own figures. */
async function bundleRow(): Promise<BenchRow> {
  const bundle = await bundleWorker();
  return { measure: "Worker bundle as deployed (wrangler deploy --dry-run, no simulators)", value: `${bundle.kib.toFixed(2)} KiB / gzip ${bundle.gzipKib.toFixed(2)} KiB`, target: "-", met: null };
}

async function main(): Promise<void> {
  console.log("wrangler deploy --dry-run: the size of the Worker as deployed ...");
  const bundle = await bundleRow();
  console.log("workerd: counting D1 round trips ...");
  const counted = workerdBenchmarks();

  const site = await startSite();
  const rows: BenchRow[] = [bundle];
  try {
    const session = await signInAsAdmin(site);
    const today = todayInZone("Europe/London", new Date());
    console.log(`wrangler dev: timing ${SYNC_RUNS} syncs of 7 nights, ${ROOMS} rooms and their tables, over HTTP ...`);
    const times = await syncWallTimes(session, today);
    const seven = counted["7-day sync, 200 rooms"]!;
    const sevenWithTables = counted["7-day sync, 200 rooms, with resOS"]!;
    rows.push(
      { measure: "7-day sync, 200 rooms, with resOS: wall time, median", value: `${percentile(times, 50).toFixed(0)} ms`, target: "<= 400 ms", met: percentile(times, 50) <= 400 },
      { measure: "7-day sync, 200 rooms, with resOS: wall time, p95", value: `${percentile(times, 95).toFixed(0)} ms`, target: "<= 1000 ms", met: percentile(times, 95) <= 1000 },
      {
        measure: "7-day sync, 200 rooms: D1 round trips (the run's / the scheduler's)",
        value: `${seven.d1_round_trips} / ${seven.scheduler_round_trips}`,
        target: "2 / -",
        met: seven.d1_round_trips <= 2,
      },
      {
        measure: "7-day sync, 200 rooms, with resOS: D1 round trips (the run's / the scheduler's)",
        value: `${sevenWithTables.d1_round_trips} / ${sevenWithTables.scheduler_round_trips} (${sevenWithTables.rows_written} rows)`,
        target: "<= 3 / -",
        met: sevenWithTables.d1_round_trips <= 3,
      },
      ...tickRows(counted["cron tick, 10,000 kitchens"]),
      ...Object.entries(counted)
        .filter(([name]) => !name.startsWith("cron") && !name.startsWith("7-day sync, 200 rooms") && !name.startsWith("page:"))
        .map(([name, c]) => ({
          measure: `${name}: D1 round trips (the run's / the scheduler's)`,
          value: `${c.d1_round_trips} / ${c.scheduler_round_trips} (${c.steps} steps, ${c.rows_written} rows, ${c.api_calls} API calls)`,
          target: "1 + 1 per source, per chunk / 2",
          met: null,
        })),
    );

    rows.push(
      ...Object.entries(counted)
        .filter(([name]) => name.startsWith("page:"))
        .map(([name, c]) => ({
          measure: `${name.slice("page: ".length)}: D1 round trips (the caller and the page in one batch)`,
          value: String(c.d1_round_trips),
          target: "1",
          met: c.d1_round_trips === 1,
        })),
    );

    // The demo kitchen as `npm start` serves it: 30 rooms, its restaurant, a week synced. Each
    // signed-in page against a bare /healthz, interleaved, 500 of each.
    await resetHotel(session, DEMO_ROOMS);
    await timedSync(session, today, 7);
    for (const page of [
      { name: "chart, 7 nights", path: `/k/demo/chart?start=${today}&nights=7` },
      { name: "Tonight", path: `/k/demo/tonight?date=${today}` },
      { name: "dashboard", path: "/k/demo" },
    ]) {
      console.log(`wrangler dev: ${CHART_RENDERS} renders of the demo's ${page.name}, each beside a /healthz ...`);
      const { sorted, floor } = await interleavedLatencies(session, page.path);
      const p95 = percentile(sorted, 95) / percentile(floor, 95);
      const p50 = percentile(sorted, 50) / percentile(floor, 50);
      rows.push({
        measure: `demo (${DEMO_ROOMS} rooms), ${page.name}: p95 / p95 of /healthz, interleaved (p50 / p50)`,
        value: `${p95.toFixed(2)}x (${p50.toFixed(2)}x; page p95 ${percentile(sorted, 95).toFixed(1)} ms, /healthz p95 ${percentile(floor, 95).toFixed(1)} ms)`,
        target: "<= 1.3x",
        met: p95 <= 1.3,
      });
    }

    for (const chart of [
      { rooms: 25, nights: 7, target: 25 },
      { rooms: 200, nights: 30, target: 100 },
    ]) {
      console.log(`wrangler dev: ${CHART_RENDERS} chart renders, ${chart.rooms} rooms x ${chart.nights} nights ...`);
      await resetHotel(session, chart.rooms);
      await timedSync(session, today, chart.nights);
      const path = `/k/demo/chart?start=${today}&nights=${chart.nights}`;
      const { sorted, floor, html } = await interleavedLatencies(session, path);
      const p95 = percentile(sorted, 95);
      rows.push(
        { measure: `chart ${chart.rooms} rooms x ${chart.nights} nights: p95 of ${CHART_RENDERS}`, value: `${p95.toFixed(1)} ms (median ${percentile(sorted, 50).toFixed(1)})`, target: `<= ${chart.target} ms`, met: p95 <= chart.target },
        {
          measure: `chart ${chart.rooms} x ${chart.nights}: p95 / p95 of /healthz, interleaved`,
          value: `${(p95 / percentile(floor, 95)).toFixed(2)}x (/healthz p95 ${percentile(floor, 95).toFixed(1)} ms)`,
          target: "-",
          met: null,
        },
      );
      if (chart.rooms === 200) {
        // A render after a sync has rewritten tonight: nothing read before is current, so the
        // tables are read and linked afresh. What the first phone to look after each sync waits for.
        const fresh: number[] = [];
        for (let run = 0; run < FRESH_RENDERS; run++) {
          await timedSync(session, today, 1);
          const render = await timedFetch(`${session.origin}${path}`, session.cookie);
          if (render.status !== 200) throw new Error(`${path} answered ${render.status}`);
          fresh.push(render.ms);
        }
        fresh.sort((a, b) => a - b);
        rows.push({ measure: `chart 200 x 30, first render after a sync: median / max of ${FRESH_RENDERS}`, value: `${percentile(fresh, 50).toFixed(1)} / ${fresh.at(-1)!.toFixed(1)} ms`, target: "-", met: null });

        console.log(`wrangler dev: ${CHART_RENDERS} renders of Tonight, ${chart.rooms} rooms ...`);
        const tonight = await interleavedLatencies(session, `/k/demo/tonight?date=${today}`);
        const tonightP95 = percentile(tonight.sorted, 95);
        rows.push(
          { measure: `Tonight, ${chart.rooms} rooms: p95 of ${CHART_RENDERS}`, value: `${tonightP95.toFixed(1)} ms (median ${percentile(tonight.sorted, 50).toFixed(1)})`, target: "-", met: null },
          { measure: "Tonight, 200 rooms: p95 / p95 of /healthz, interleaved", value: `${(tonightP95 / percentile(tonight.floor, 95)).toFixed(2)}x`, target: "-", met: null },
        );
      }
      if (chart.rooms === 25) {
        const raw = Buffer.byteLength(html);
        rows.push({ measure: "chart 25 x 7: HTML, raw", value: `${(raw / 1024).toFixed(1)} KB`, target: "<= 30 KB", met: raw <= 30 * 1024 });
        const firstLoad = (await Promise.all([path, "/app.css", "/htmx.min.js", "/app.js", "/icon.svg"].map((p) => gzipBytes(session, p)))).reduce((a, b) => a + b, 0);
        rows.push({ measure: "chart 25 x 7: first load (HTML, CSS, JS, icon), gzip", value: `${(firstLoad / 1024).toFixed(1)} KB`, target: "<= 60 KB", met: firstLoad <= 60 * 1024 });
      }
    }
  } finally {
    await site.stop();
  }
  printTable(rows);
}

/** `npm run bench -- load`: the chart under sustained load (scripts/bench-load.ts). */
async function load(): Promise<void> {
  const site = await startSite();
  let rows: BenchRow[] = [];
  try {
    const session = await signInAsAdmin(site);
    const today = todayInZone("Europe/London", new Date());
    await resetHotel(session, ROOMS);
    await timedSync(session, today, 7);
    // The launcher's own lines (a restart of wrangler, say) are part of what happened.
    site.process.stdout!.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.startsWith("[start]")) console.log(line);
    });
    const requests = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
    rows = await loadBenchmark(site, session, today, (line) => console.log(line), requests);
  } finally {
    await site.stop();
  }
  printTable(rows);
}

(process.argv[2] === "load" ? load() : main()).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
