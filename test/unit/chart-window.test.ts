import { describe, expect, it } from "vitest";
import { chartWindow, neighbourWindow, parseChartWindow } from "../../src/domain/chart-window";

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
    [{ start: "9999-12-31", nights: "2" }, 'start must be a date from 0001-01-01 to 9999-12-30, not "9999-12-31".'],
    [{ start: "0000-06-01" }, 'start must be a date from 0001-01-01 to 9999-12-30, not "0000-06-01".'],
    [{ start: "9999-12-30", nights: "2" }, "2 nights from 9999-12-30 would run past 9999-12-30: ask for fewer nights or an earlier start."],
  ])("refuses %j", (query, error) => {
    expect(parseChartWindow(query, TODAY)).toEqual({ ok: false, error });
  });
});

describe("neighbourWindow", () => {
  it("is the window before or after, of the same length", () => {
    expect(neighbourWindow(chartWindow("2026-11-21", 7), -1)).toEqual(chartWindow("2026-11-14", 7));
    expect(neighbourWindow(chartWindow("2026-11-21", 7), 1)).toEqual(chartWindow("2026-11-28", 7));
  });

  it("is none where it would leave the dates the product accepts", () => {
    expect(neighbourWindow(chartWindow("0001-01-05", 7), -1)).toBeNull();
    expect(neighbourWindow(chartWindow("0001-01-08", 7), -1)).toEqual(chartWindow("0001-01-01", 7));
    expect(neighbourWindow(chartWindow("9999-12-20", 7), 1)).toBeNull();
    expect(neighbourWindow(chartWindow("9999-12-17", 7), 1)).toEqual(chartWindow("9999-12-24", 7));
  });
});
