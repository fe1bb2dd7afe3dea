// The sync History page on hand-placed runs: the latest 50 in a table, a week in a chart,
// one kitchen's runs only, for every member and nobody else.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { formatInstant } from "../../src/views/format";
import { createKitchen, createUser, HOUR_MS, MINUTE_MS, request, signIn } from "./helpers";

const PASSWORD = "correct horse battery staple";
const A = { slug: "history-a", name: "Aspen Hall", id: 0 };
const B = { slug: "history-b", name: "Beech Court", id: 0 };
const QUIET = { slug: "history-quiet", name: "Quiet Mill", id: 0 };
const DAY_MS = 24 * HOUR_MS;
const HISTORY = `/k/${A.slug}/history`;

interface PlacedRun {
  kitchenId: number;
  kind: "scheduled" | "manual" | "historical";
  status: "running" | "success" | "failed" | "cancelled";
  startedAt: string;
  durationMs: number | null;
  apiCalls?: number;
  rowsWritten?: number;
  errorMessage?: string | null;
  chunksDone?: number;
  chunksTotal?: number;
  dateFrom?: string;
  dateTo?: string;
}

const placed: (PlacedRun & { id: number })[] = [];
let managerCookie: string;
let runningRun: PlacedRun & { id: number };
let timeoutRun: PlacedRun & { id: number };
let sampleSuccess: PlacedRun & { id: number };

async function place(runs: PlacedRun[]) {
  const rows = await env.DB.batch<{ id: number }>(
    runs.map((run) =>
      env.DB.prepare(
        `INSERT INTO sync_runs (kitchen_id, kind, status, date_from, date_to, started_at, finished_at, duration_ms, api_calls, rows_written,
           error_message, chunks_done, chunks_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      ).bind(
        run.kitchenId,
        run.kind,
        run.status,
        run.dateFrom ?? "2026-11-21",
        run.dateTo ?? "2026-11-28",
        run.startedAt,
        run.durationMs === null ? null : new Date(Date.parse(run.startedAt) + run.durationMs).toISOString(),
        run.durationMs,
        run.apiCalls ?? 0,
        run.rowsWritten ?? 0,
        run.errorMessage ?? null,
        run.chunksDone ?? 0,
        run.chunksTotal ?? 1,
      ),
    ),
  );
  runs.forEach((run, index) => placed.push({ ...run, id: rows[index]!.results[0]!.id }));
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

beforeAll(async () => {
  A.id = await createKitchen(A.slug, A.name);
  B.id = await createKitchen(B.slug, B.name, "America/New_York");
  QUIET.id = await createKitchen(QUIET.slug, QUIET.name);
  await createUser("history-manager@example.com", PASSWORD, [{ kitchenId: A.id, role: "manager" }]);
  await createUser("history-b-admin@example.com", PASSWORD, [{ kitchenId: B.id, role: "admin" }]);
  await createUser("history-quiet@example.com", PASSWORD, [{ kitchenId: QUIET.id, role: "manager" }]);
  managerCookie = await signIn("history-manager@example.com", PASSWORD);

  const week: PlacedRun[] = [];
  // 40 successful runs, 1.0 s to 4.9 s, every three hours back from two hours ago.
  for (let i = 0; i < 40; i += 1) {
    week.push({ kitchenId: A.id, kind: "scheduled", status: "success", startedAt: ago(2 * HOUR_MS + i * 3 * HOUR_MS + 7 * MINUTE_MS), durationMs: 1000 + 100 * i, apiCalls: 3 + (i % 4), rowsWritten: 10 * i });
  }
  // Three failures in three hours far apart: a quick one, a timeout and one with no duration.
  week.push({ kitchenId: A.id, kind: "scheduled", status: "failed", startedAt: ago(5 * HOUR_MS + 30 * MINUTE_MS), durationMs: 800, apiCalls: 1, errorMessage: "Newbook answered 503 <b>busy</b>" });
  week.push({ kitchenId: A.id, kind: "manual", status: "failed", startedAt: ago(30 * HOUR_MS + 30 * MINUTE_MS), durationMs: 30_000, apiCalls: 4, errorMessage: "Timed out after 30 s" });
  week.push({ kitchenId: A.id, kind: "scheduled", status: "failed", startedAt: ago(100 * HOUR_MS + 30 * MINUTE_MS), durationMs: null, errorMessage: "Credentials refused" });
  // A historical sync still going, and a cancelled one: neither is in the rate.
  week.push({ kitchenId: A.id, kind: "historical", status: "running", startedAt: ago(10 * MINUTE_MS), durationMs: null, chunksDone: 3, chunksTotal: 12, dateFrom: "2025-01-01", dateTo: "2025-12-31" });
  week.push({ kitchenId: A.id, kind: "historical", status: "cancelled", startedAt: ago(50 * HOUR_MS + 20 * MINUTE_MS), durationMs: 45_000, chunksDone: 2, chunksTotal: 6 });
  // 21 runs over a week old, one a failure with a huge duration: in the table's tail, never in the chart.
  const old: PlacedRun[] = [];
  for (let i = 0; i < 21; i += 1) {
    old.push({ kitchenId: A.id, kind: "scheduled", status: i === 0 ? "failed" : "success", startedAt: ago(8 * DAY_MS + i * HOUR_MS), durationMs: i === 0 ? 999_000 : 2000, errorMessage: i === 0 ? "Old failure" : null });
  }
  // Kitchen B: failures in five other hours, with words that must not leak.
  const other: PlacedRun[] = [];
  for (let i = 0; i < 5; i += 1) {
    other.push({ kitchenId: B.id, kind: "scheduled", status: "failed", startedAt: ago(3 * HOUR_MS + i * 7 * HOUR_MS), durationMs: 120_000, errorMessage: "Beech secret failure", dateFrom: "2031-01-01", dateTo: "2031-01-09" });
  }
  // Inserted out of order, so the ids do not give the order away.
  const all = [...old.slice(10), ...week.slice(20), ...other, ...week.slice(0, 20), ...old.slice(0, 10)];
  await place(all);
  // A kitchen whose only runs are old.
  await place([{ kitchenId: QUIET.id, kind: "scheduled", status: "success", startedAt: ago(9 * DAY_MS), durationMs: 1500, apiCalls: 2, rowsWritten: 5 }]);

  runningRun = placed.find((run) => run.status === "running")!;
  timeoutRun = placed.find((run) => run.errorMessage === "Timed out after 30 s")!;
  sampleSuccess = placed.find((run) => run.kitchenId === A.id && run.status === "success" && run.durationMs === 1200)!;
});

interface RowSeen {
  id: number;
  cells: string[];
  badge: string;
}

interface PageSeen {
  rows: RowSeen[];
  failureMarks: number[];
  summary: string;
  desc: string;
  svg: { role: string | null; viewBox: string | null; labelledBy: string | null } | null;
  svgTitle: string;
}

/** The page as data, read with workerd's HTMLRewriter (text arrives still HTML-escaped). */
async function readPage(html: string): Promise<PageSeen> {
  const seen: PageSeen = { rows: [], failureMarks: [], summary: "", desc: "", svg: null, svgTitle: "" };
  await new HTMLRewriter()
    .on("tr[data-run-id]", { element: (element) => void seen.rows.push({ id: Number(element.getAttribute("data-run-id")), cells: [], badge: "" }) })
    .on("tr[data-run-id] td", {
      element: () => void seen.rows.at(-1)!.cells.push(""),
      text: (text) => {
        const row = seen.rows.at(-1)!;
        row.cells[row.cells.length - 1] += text.text;
      },
    })
    .on("tr[data-run-id] span.badge", { element: (element) => void (seen.rows.at(-1)!.badge = element.getAttribute("class") ?? "") })
    .on("svg.history-chart", {
      element: (element) => void (seen.svg = { role: element.getAttribute("role"), viewBox: element.getAttribute("viewBox"), labelledBy: element.getAttribute("aria-labelledby") }),
    })
    .on("svg.history-chart > title", { text: (text) => void (seen.svgTitle += text.text) })
    .on("svg.history-chart > desc", { text: (text) => void (seen.desc += text.text) })
    .on("rect.history-failure", { element: (element) => void seen.failureMarks.push(Number(element.getAttribute("data-failed"))) })
    .on("p.history-summary", { text: (text) => void (seen.summary += text.text) })
    .transform(new Response(html))
    .text();
  for (const row of seen.rows) row.cells = row.cells.map((cell) => cell.trim());
  return seen;
}

async function historyHtml(path = HISTORY, cookie = managerCookie): Promise<string> {
  const response = await request(path, { cookie });
  expect(response.status).toBe(200);
  return response.text();
}

describe("the run table", () => {
  it("lists the kitchen's 50 most recent runs, newest first", async () => {
    const { rows } = await readPage(await historyHtml());
    const expected = placed
      .filter((run) => run.kitchenId === A.id)
      .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
      .slice(0, 50)
      .map((run) => run.id);
    expect(placed.filter((run) => run.kitchenId === A.id).length).toBeGreaterThan(50);
    expect(rows.map((row) => row.id)).toEqual(expected);
  });

  it("shows each run's start in the kitchen's zone, status, kind, nights, duration, calls, rows and warnings", async () => {
    const { rows } = await readPage(await historyHtml());
    const row = rows.find((r) => r.id === sampleSuccess.id)!;
    expect(row.badge).toBe("badge ok");
    expect(row.cells).toEqual([
      formatInstant(sampleSuccess.startedAt, "Europe/London"),
      "success",
      "Scheduled",
      "2026-11-21 to 2026-11-28",
      "1.2 s",
      String(sampleSuccess.apiCalls),
      String(sampleSuccess.rowsWritten),
      "0",
      "",
    ]);
  });

  it("shows a failure's badge, duration and error, escaped", async () => {
    const html = await historyHtml();
    const { rows } = await readPage(html);
    const timeout = rows.find((r) => r.id === timeoutRun.id)!;
    expect(timeout.badge).toBe("badge failed");
    expect(timeout.cells.slice(1, 5)).toEqual(["failed", "Sync now", "2026-11-21 to 2026-11-28", "30.0 s"]);
    expect(timeout.cells[8]).toBe("Timed out after 30 s");
    const busy = rows.find((r) => r.cells[8]!.startsWith("Newbook answered 503"))!;
    expect(busy.cells[8]).toBe("Newbook answered 503 &lt;b&gt;busy&lt;/b&gt;");
    expect(html).not.toContain("<b>busy</b>");
    const noDuration = rows.find((r) => r.cells[8] === "Credentials refused")!;
    expect(noDuration.cells[4]).toBe("");
  });

  it("shows a running historical sync's progress in chunks", async () => {
    const { rows } = await readPage(await historyHtml());
    expect(rows[0]!.id).toBe(runningRun.id);
    expect(rows[0]!.badge).toBe("badge running");
    expect(rows[0]!.cells[1]).toBe("running 3 of 12 chunks");
    expect(rows[0]!.cells[3]).toBe("2025-01-01 to 2025-12-31");
    const cancelled = rows.find((r) => r.cells[1]!.startsWith("cancelled"))!;
    expect(cancelled.badge).toBe("badge off");
    // Only a running run shows progress.
    expect(cancelled.cells[1]).toBe("cancelled");
  });
});

describe("the week's chart", () => {
  it("marks each hour with a failure, and states the success rate of the hand-placed runs", async () => {
    const seen = await readPage(await historyHtml());
    // Three failed runs in three different hours; the old failure and kitchen B's are not here.
    expect(seen.failureMarks).toEqual([1, 1, 1]);
    // 40 successes and 3 failures in the week: 40 / 43 = 93.02%. Durations of the 42 finished
    // runs that have one: 800 ms, 1.0 .. 4.9 s, 30 s; the median is (2.9 s + 3.0 s) / 2.
    const sentence =
      "93.0% of 43 finished runs succeeded in the last 7 days; 3 failed. Not in the rate: 1 still running, 1 cancelled. Median 3.0 s, longest 30.0 s.";
    expect(seen.summary).toBe(sentence);
    expect(seen.desc).toContain(sentence);
    expect(seen.desc).toContain("3 hours had a failed run");
  });

  it("is an accessible image that scales with the page", async () => {
    const seen = await readPage(await historyHtml());
    expect(seen.svg).toEqual({ role: "img", viewBox: expect.stringMatching(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/), labelledBy: "history-chart-title" });
    expect(seen.svgTitle).toBe("Sync run durations and failures, last 7 days");
  });

  it("needs no inline style, so the Content-Security-Policy allows it", async () => {
    const response = await request(HISTORY, { cookie: managerCookie });
    expect(response.headers.get("content-security-policy")).toContain("style-src 'self'");
    const html = await response.text();
    expect(html).toContain('class="history-chart"');
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toContain("<style");
  });

  it("explains an empty week, and still lists older runs", async () => {
    const cookie = await signIn("history-quiet@example.com", PASSWORD);
    const html = await historyHtml(`/k/${QUIET.slug}/history`, cookie);
    expect(html).toContain("No sync has run in the last 7 days.");
    expect(html).not.toContain('class="history-chart"');
    const { rows } = await readPage(html);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells[4]).toBe("1.5 s");
  });
});

describe("who sees it", () => {
  it("never shows another kitchen's runs", async () => {
    const html = await historyHtml();
    expect(html).not.toContain("Beech secret failure");
    expect(html).not.toContain("2031-01-01");
    expect(html).not.toContain(B.name);
    const { rows } = await readPage(html);
    const otherIds = new Set(placed.filter((run) => run.kitchenId !== A.id).map((run) => run.id));
    expect(rows.some((row) => otherIds.has(row.id))).toBe(false);
  });

  it("is open to a manager, with a History link in the nav", async () => {
    const html = await historyHtml();
    expect(html).toContain(`<a href="/k/${A.slug}/history" aria-current="page">History</a>`);
    const dashboard = await (await request(`/k/${A.slug}`, { cookie: managerCookie })).text();
    expect(dashboard).toContain(`<a href="/k/${A.slug}/history">History</a>`);
  });

  it("answers 404 to a member of another kitchen, showing none of its runs", async () => {
    const cookie = await signIn("history-b-admin@example.com", PASSWORD);
    const response = await request(HISTORY, { cookie });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("There is no such page, or it belongs to a kitchen you are not a member of.");
    expect(html).not.toContain(A.name);
    expect(html).not.toContain("Timed out after 30 s");
    // And the other way round.
    expect((await request(`/k/${B.slug}/history`, { cookie: managerCookie })).status).toBe(404);
  });

  it("sends a visitor who is not signed in to sign in, and back here after", async () => {
    const response = await request(HISTORY);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/login?next=${encodeURIComponent(HISTORY)}`);
  });
});
