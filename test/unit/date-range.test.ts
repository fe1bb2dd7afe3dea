import { describe, expect, it } from "vitest";
import { dateProblem, MAX_CHUNK_NIGHTS, rangeProblem, splitIntoChunks, upcomingRange } from "../../src/domain/date-range";
import { daysBetween, MAX_DATE, MIN_DATE } from "../../src/domain/dates";

describe("dateProblem", () => {
  it.each(["2026-11-21", MIN_DATE, MAX_DATE, "2024-02-29"])("accepts %s", (value) => {
    expect(dateProblem(value)).toBeNull();
  });

  it.each([
    ["0000-12-31", "must be a date from 0001-01-01 to 9999-12-30"],
    ["0000-01-01", "must be a date from 0001-01-01 to 9999-12-30"],
    ["9999-12-31", "must be a date from 0001-01-01 to 9999-12-30"],
    ["10000-01-01", "must be a date as YYYY-MM-DD"],
    ["+010000-01-01", "must be a date as YYYY-MM-DD"],
    ["2026-02-30", "must be a date as YYYY-MM-DD"],
    ["", "must be a date as YYYY-MM-DD"],
  ])("refuses %j: %s", (value, problem) => {
    expect(dateProblem(value)).toBe(problem);
  });
});

describe("rangeProblem", () => {
  it("takes a single night and a range of up to 365 days after the first", () => {
    expect(rangeProblem({ from: "2026-01-01", to: "2026-01-01" })).toBeNull();
    expect(rangeProblem({ from: "2026-01-01", to: "2027-01-01" })).toBeNull();
  });

  it("refuses a backwards range and one longer than 365 days", () => {
    expect(rangeProblem({ from: "2026-01-02", to: "2026-01-01" })).toBe("must not be before the first date");
    expect(rangeProblem({ from: "2026-01-01", to: "2027-01-02" })).toBe("may be at most 365 days after the first date");
  });
});

describe("splitIntoChunks", () => {
  it("covers the range in order with chunks of at most 31 nights", () => {
    const chunks = splitIntoChunks({ from: "2026-01-01", to: "2027-01-01" });
    expect(chunks).toHaveLength(12);
    expect(chunks[0]).toEqual({ from: "2026-01-01", to: "2026-01-31" });
    expect(chunks.at(-1)).toEqual({ from: "2026-12-08", to: "2027-01-01" });
    for (const [index, chunk] of chunks.entries()) {
      expect(daysBetween(chunk.from, chunk.to)).toBeLessThan(MAX_CHUNK_NIGHTS);
      if (index > 0) expect(daysBetween(chunks[index - 1]!.to, chunk.from)).toBe(1);
    }
  });

  it("reaches the last date the product accepts without stepping past it", () => {
    expect(splitIntoChunks({ from: "9999-12-01", to: MAX_DATE })).toEqual([{ from: "9999-12-01", to: MAX_DATE }]);
    expect(splitIntoChunks({ from: "9999-11-01", to: MAX_DATE })).toEqual([
      { from: "9999-11-01", to: "9999-12-01" },
      { from: "9999-12-02", to: MAX_DATE },
    ]);
    expect(splitIntoChunks({ from: MIN_DATE, to: "0001-01-01" })).toEqual([{ from: MIN_DATE, to: MIN_DATE }]);
  });

  it("gives nothing for a backwards range", () => {
    expect(splitIntoChunks({ from: "2026-01-02", to: "2026-01-01" })).toEqual([]);
  });
});

describe("upcomingRange", () => {
  it("is today and the days ahead in the kitchen's zone", () => {
    // 23:30 UTC on 21 Nov is already 22 Nov in Auckland.
    const now = new Date("2026-11-21T23:30:00Z");
    expect(upcomingRange("Europe/London", 7, now)).toEqual({ from: "2026-11-21", to: "2026-11-28" });
    expect(upcomingRange("Pacific/Auckland", 1, now)).toEqual({ from: "2026-11-22", to: "2026-11-23" });
  });
});
