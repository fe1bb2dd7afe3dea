import { describe, expect, it } from "vitest";
import { addTotals, NO_TOTALS, nextStep, planRun, runOutcome, sourcesFor, stepAt, stepCount, writableNights, type SyncSource } from "../../src/domain/sync-run";

const TWO: SyncSource[] = ["newbook", "resos"];
const [NEWBOOK, RESOS] = TWO as [SyncSource, SyncSource];

describe("sourcesFor", () => {
  it("asks Newbook always and resOS only once it is connected, stays before tables", () => {
    expect(sourcesFor({ resos: false })).toEqual(["newbook"]);
    expect(sourcesFor({ resos: true })).toEqual(["newbook", "resos"]);
  });
});

describe("planRun", () => {
  it("cuts the range into chunks of at most 31 nights, each asked of every source in turn", () => {
    const plan = planRun({ from: "2026-01-01", to: "2026-03-11" }, TWO); // 70 nights: 31 + 31 + 8
    expect(plan.chunks).toEqual([
      { from: "2026-01-01", to: "2026-01-31" },
      { from: "2026-02-01", to: "2026-03-03" },
      { from: "2026-03-04", to: "2026-03-11" },
    ]);
    expect(stepCount(plan)).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((index) => [stepAt(plan, index)!.source, stepAt(plan, index)!.chunkIndex])).toEqual([
      [NEWBOOK, 0],
      [RESOS, 0],
      [NEWBOOK, 1],
      [RESOS, 1],
      [NEWBOOK, 2],
      [RESOS, 2],
    ]);
  });

  it("makes a run of the upcoming nights (scheduled, Sync now) one step per source", () => {
    const plan = planRun({ from: "2026-11-21", to: "2026-12-21" }, ["newbook"]);
    expect(stepCount(plan)).toBe(1);
    expect(stepAt(plan, 0)).toEqual({ index: 0, source: "newbook", chunk: { from: "2026-11-21", to: "2026-12-21" }, chunkIndex: 0 });
  });

  it("has no step outside the plan", () => {
    const plan = planRun({ from: "2026-11-21", to: "2026-11-28" }, ["newbook"]);
    for (const index of [-1, 1, 2, 0.5, Number.NaN]) expect(stepAt(plan, index)).toBeNull();
  });

  it("needs a source", () => {
    expect(() => planRun({ from: "2026-11-21", to: "2026-11-28" }, [])).toThrow(RangeError);
  });
});

describe("nextStep", () => {
  const plan = planRun({ from: "2026-01-01", to: "2026-03-11" }, TWO);

  it("goes through every step while nothing failed, then ends", () => {
    expect([0, 1, 2, 3, 4, 5].map((index) => nextStep(plan, index, []))).toEqual([1, 2, 3, 4, 5, null]);
  });

  it("skips the later steps of a source that failed, and the others go on", () => {
    expect(nextStep(plan, 0, [NEWBOOK])).toBe(1);
    expect(nextStep(plan, 1, [NEWBOOK])).toBe(3);
    expect(nextStep(plan, 3, [NEWBOOK])).toBe(5);
    expect(nextStep(plan, 1, [RESOS])).toBe(2);
    expect(nextStep(plan, 2, [RESOS])).toBe(4);
    expect(nextStep(plan, 4, [RESOS])).toBeNull();
  });

  it("ends the run when every source has failed", () => {
    expect(nextStep(plan, 1, [NEWBOOK, RESOS])).toBeNull();
    const single = planRun({ from: "2026-01-01", to: "2026-03-11" }, ["newbook"]);
    expect(nextStep(single, 0, ["newbook"])).toBeNull();
  });
});

describe("runOutcome", () => {
  const plan = planRun({ from: "2026-11-21", to: "2026-11-28" }, TWO);

  it("is success when no source failed, partial when some did, failed when all did", () => {
    expect(runOutcome(plan, [])).toBe("success");
    expect(runOutcome(plan, [RESOS])).toBe("partial");
    expect(runOutcome(plan, [NEWBOOK])).toBe("partial");
    expect(runOutcome(plan, [NEWBOOK, RESOS])).toBe("failed");
    expect(runOutcome(planRun({ from: "2026-11-21", to: "2026-11-28" }, ["newbook"]), ["newbook"])).toBe("failed");
  });
});

describe("writableNights", () => {
  const chunk = { from: "2026-11-20", to: "2026-11-27" };

  it("leaves the days before today alone unless the run is a range", () => {
    expect(writableNights("scheduled", chunk, "2026-11-21")).toEqual({ from: "2026-11-21", to: "2026-11-27" });
    expect(writableNights("manual", chunk, "2026-11-21")).toEqual({ from: "2026-11-21", to: "2026-11-27" });
    expect(writableNights("historical", chunk, "2026-11-21")).toEqual(chunk);
    expect(writableNights("manual", chunk, "2026-11-20")).toEqual(chunk);
  });

  it("is empty once the whole chunk is in the past", () => {
    const nights = writableNights("manual", chunk, "2026-11-28");
    expect(nights.from > nights.to).toBe(true);
  });
});

describe("addTotals", () => {
  it("sums what the steps did", () => {
    const step = { apiCalls: 4, recordsFetched: 30, rowsWritten: 200, warnings: 1 };
    expect(addTotals(addTotals(NO_TOTALS, step), step)).toEqual({ apiCalls: 8, recordsFetched: 60, rowsWritten: 400, warnings: 2 });
  });
});
