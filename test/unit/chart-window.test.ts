import { describe, expect, it } from "vitest";
import { parseChartWindow } from "../../src/domain/chart-window";

const TODAY = "2026-11-21";

describe("parseChartWindow", () => {
  it("defaults to today and 7 nights", () => {
    expect(parseChartWindow({}, TODAY)).toEqual({ ok: true, window: { start: TODAY, nights: 7, end: "2026-11-27" } });
    expect(parseChartWindow({ start: "", nights: "" }, TODAY)).toEqual({ ok: true, window: { start: TODAY, nights: 7, end: "2026-11-27" } });
  });

  it("takes a start and 1 to 30 nights, across a year end", () => {
    expect(parseChartWindow({ start: "2026-12-30", nights: "3" }, TODAY)).toEqual({ ok: true, window: { start: "2026-12-30", nights: 3, end: "2027-01-01" } });
    expect(parseChartWindow({ nights: "1" }, TODAY)).toMatchObject({ ok: true, window: { nights: 1, end: TODAY } });
    expect(parseChartWindow({ nights: "30" }, TODAY)).toMatchObject({ ok: true, window: { nights: 30, end: "2026-12-20" } });
  });

  it.each([
    [{ start: "tomorrow" }, 'start must be a date as YYYY-MM-DD, not "tomorrow".'],
    [{ start: "2026-02-30" }, 'start must be a date as YYYY-MM-DD, not "2026-02-30".'],
    [{ nights: "0" }, 'nights must be a whole number from 1 to 30, not "0".'],
    [{ nights: "31" }, 'nights must be a whole number from 1 to 30, not "31".'],
    [{ nights: "7.5" }, 'nights must be a whole number from 1 to 30, not "7.5".'],
    [{ nights: "-3" }, 'nights must be a whole number from 1 to 30, not "-3".'],
  ])("refuses %j", (query, error) => {
    expect(parseChartWindow(query, TODAY)).toEqual({ ok: false, error });
  });
});
