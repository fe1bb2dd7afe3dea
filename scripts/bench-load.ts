// `npm run bench -- load`: the chart under sustained load, against `npm start`'s site
// (the launcher, wrangler dev, workerd, local D1). Not a test: it measures and prints.
//  1. Idle: LOAD_REQUESTS renders of the demo kitchen's chart (200 rooms, 7 nights, its
//     tables on), LOAD_CONCURRENCY at a time: errors, p50 / p95, and workerd's resident
//     memory at the start and the end, sampled on the way, with its growth per request.
//  2. The same while 90-day ranges sync back to back: p95 against idle's.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { addDays } from "../src/domain/dates";
import { processTree } from "../test/support/processes";
import type { RunningSite } from "../test/support/site";
import { percentile, type BenchRow } from "./lib/bench-table";
import { syncNights, type BenchSession } from "./lib/bench-sync";

export const LOAD_REQUESTS = 20_000;
export const LOAD_CONCURRENCY = 20;
const RANGE_NIGHTS = 90;
const MEMORY_SAMPLES = 10;


/** Resident memory of the site's workerd processes, in MB (the Worker's isolate lives there). */
function workerdMemoryMb(site: RunningSite): number {
  let kb = 0;
  for (const pid of processTree(site.process.pid!)) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "workerd") continue;
      kb += Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB$/m)?.[1] ?? 0);
    } catch {
      // The process ended meanwhile.
    }
  }
  return kb / 1024;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | null;
  sorted: number[];
  seconds: number;
  memoryMb: number[];
}

/** `requests` GETs of `url`, `concurrency` in flight at once, with memory sampled along the way. */
async function hammer(site: RunningSite, url: string, cookie: string, requests: number, concurrency: number, progress: (line: string) => void = () => {}): Promise<LoadResult> {
  const times: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let issued = 0;
  const memoryMb = [workerdMemoryMb(site)];
  const sampleEvery = Math.ceil(requests / MEMORY_SAMPLES);
  const started = performance.now();
  const worker = async () => {
    while (issued < requests) {
      const index = issued++;
      const at = performance.now();
      try {
        const response = await fetch(url, { headers: { cookie } });
        const body = await response.text();
        if (response.status !== 200 || !body.includes('class="chart')) {
          errors++;
          firstError ??= `HTTP ${response.status}`;
        }
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
      times.push(performance.now() - at);
      if ((index + 1) % sampleEvery === 0) {
        memoryMb.push(workerdMemoryMb(site));
        progress(`${index + 1} requests, ${errors} errors, workerd ${memoryMb.at(-1)!.toFixed(0)} MB`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  memoryMb.push(workerdMemoryMb(site));
  return { requests, errors, firstError, sorted: times.sort((a, b) => a - b), seconds, memoryMb };
}

/** Starts 90-day ranges one after the other until `stop` is set; how many ended, and how. */
async function keepSyncing(session: BenchSession, today: string, stop: { done: boolean }): Promise<{ succeeded: number; other: string[] }> {
  let succeeded = 0;
  const other: string[] = [];
  while (!stop.done) {
    try {
      await syncNights(session, today, addDays(today, RANGE_NIGHTS - 1), 100);
      succeeded++;
    } catch (error) {
      other.push((error as Error).message);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return { succeeded, other };
}


export async function loadBenchmark(site: RunningSite, session: BenchSession, today: string, log: (line: string) => void, requests = LOAD_REQUESTS): Promise<BenchRow[]> {
  const url = `${session.origin}/k/demo/chart?start=${today}&nights=7`;
  // Warm the isolate up, so the first figures are the chart's and not the start's.
  await hammer(site, url, session.cookie, 200, LOAD_CONCURRENCY);

  log(`load: ${requests} chart renders (200 rooms x 7 nights, tables on), ${LOAD_CONCURRENCY} at a time ...`);
  const idle = await hammer(site, url, session.cookie, requests, LOAD_CONCURRENCY, log);

  log(`load: ${requests} more while ${RANGE_NIGHTS}-night ranges sync back to back ...`);
  const stop = { done: false };
  const syncing = keepSyncing(session, today, stop);
  const busy = await hammer(site, url, session.cookie, requests, LOAD_CONCURRENCY, log);
  stop.done = true;
  const syncs = await syncing;

  const idleP95 = percentile(idle.sorted, 95);
  const busyP95 = percentile(busy.sorted, 95);
  const grewKb = ((idle.memoryMb.at(-1)! - idle.memoryMb[0]!) * 1024) / idle.requests;
  const row = (name: string, result: LoadResult): BenchRow[] => [
    {
      measure: `load, ${name}: errors of ${result.requests} chart renders at ${LOAD_CONCURRENCY} in flight`,
      value: `${result.errors}${result.firstError ? ` (first: ${result.firstError})` : ""}`,
      target: "0",
      met: result.errors === 0,
    },
    {
      measure: `load, ${name}: p50 / p95, throughput`,
      value: `${percentile(result.sorted, 50).toFixed(1)} / ${percentile(result.sorted, 95).toFixed(1)} ms, ${(result.requests / result.seconds).toFixed(0)} a second`,
      target: "-",
      met: null,
    },
    {
      measure: `load, ${name}: workerd memory at start / end (samples)`,
      value: `${result.memoryMb[0]!.toFixed(0)} / ${result.memoryMb.at(-1)!.toFixed(0)} MB (${result.memoryMb.map((mb) => mb.toFixed(0)).join(", ")})`,
      target: "-",
      met: null,
    },
  ];
  return [
    ...row("idle", idle),
    { measure: "load, idle: workerd memory growth per request", value: `${grewKb.toFixed(1)} KB`, target: "-", met: null },
    ...row(`during ${RANGE_NIGHTS}-night range syncs`, busy),
    {
      measure: `load: p95 during the range syncs / idle p95`,
      value: `${(busyP95 / idleP95).toFixed(2)}x (${syncs.succeeded} ranges synced${syncs.other.length > 0 ? `; other: ${syncs.other.slice(0, 3).join(", ")}` : ""})`,
      target: "<= 1.5x",
      met: busyP95 / idleP95 <= 1.5,
    },
  ];
}
