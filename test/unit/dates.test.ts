import { describe, expect, it } from "vitest";
import { addDays, datePart, daysBetween, eachDate, isIsoDate, isSupportedDate, MAX_DATE, MIN_DATE, todayInZone } from "../../src/domain/dates";

describe("isIsoDate", () => {
  it.each(["2026-01-22", "2024-02-29", "2000-02-29", "2026-12-31", "2026-04-30"])("accepts the real date %s", (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each(["2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-22", "26-01-22", "2026-01-22 ", " 2026-01-22", "2026-01-22T00:00:00", "", "2026/01/22"])(
    "refuses %j",
    (value) => {
      expect(isIsoDate(value)).toBe(false);
    },
  );
});

describe("addDays", () => {
  it("crosses month, year and leap-day boundaries", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-02-29", 1)).toBe("2024-03-01");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-22", 0)).toBe("2026-01-22");
    expect(addDays("2026-01-22", 365)).toBe("2027-01-22");
  });

  it("is not moved by daylight-saving changes", () => {
    // The UK and US clocks change on these dates; a day is still a day.
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addDays("2026-11-01", 1)).toBe("2026-11-02");
  });

  it("refuses a malformed date or a fractional day count", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDays("2026-01-22", 0.5)).toThrow(RangeError);
  });

  it("refuses to step past year 9999 or before year 0000, where there is no YYYY-MM-DD", () => {
    expect(addDays(MAX_DATE, 1)).toBe("9999-12-31");
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
    expect(() => addDays("0000-01-01", -1)).toThrow(RangeError);
  });
});

describe("daysBetween", () => {
  it("counts days from the first date to the second", () => {
    expect(daysBetween("2026-01-22", "2026-01-22")).toBe(0);
    expect(daysBetween("2026-01-22", "2026-01-25")).toBe(3);
    expect(daysBetween("2026-01-25", "2026-01-22")).toBe(-3);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2026-02-28", "2026-03-01")).toBe(1);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2026-03-01", "2026-11-01")).toBe(245);
  });
});

describe("eachDate", () => {
  it("lists every date, both ends included", () => {
    expect(eachDate("2026-12-30", "2027-01-02")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]);
    expect(eachDate("2024-02-28", "2024-03-01")).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(eachDate("2026-01-22", "2026-01-22")).toEqual(["2026-01-22"]);
  });

  it("is empty when the end is before the start", () => {
    expect(eachDate("2026-01-22", "2026-01-21")).toEqual([]);
  });
});

describe("todayInZone", () => {
  it("gives the local date on either side of midnight UTC", () => {
    const justAfterMidnightUtc = new Date("2026-01-22T00:30:00Z");
    expect(todayInZone("UTC", justAfterMidnightUtc)).toBe("2026-01-22");
    expect(todayInZone("Pacific/Auckland", justAfterMidnightUtc)).toBe("2026-01-22");
    expect(todayInZone("America/Los_Angeles", justAfterMidnightUtc)).toBe("2026-01-21");

    const lateEveningUtc = new Date("2026-01-21T23:30:00Z");
    expect(todayInZone("Pacific/Auckland", lateEveningUtc)).toBe("2026-01-22");
    expect(todayInZone("America/Los_Angeles", lateEveningUtc)).toBe("2026-01-21");
    expect(todayInZone("Europe/London", lateEveningUtc)).toBe("2026-01-21");
  });

  it("turns the year in Auckland while Los Angeles is still in the old one", () => {
    const now = new Date("2026-12-31T11:00:00Z");
    expect(todayInZone("Pacific/Auckland", now)).toBe("2027-01-01");
    expect(todayInZone("America/Los_Angeles", now)).toBe("2026-12-31");
  });

  it("follows summer time in the kitchen's zone", () => {
    // 23:30 UTC in July is 00:30 the next day in London (BST), still the same day in winter.
    expect(todayInZone("Europe/London", new Date("2026-07-01T23:30:00Z"))).toBe("2026-07-02");
    expect(todayInZone("Europe/London", new Date("2026-12-01T23:30:00Z"))).toBe("2026-12-01");
  });
});

describe("datePart", () => {
  it.each([
    ["2026-01-22 14:00:00", "2026-01-22"],
    ["2026-01-22T14:00:00", "2026-01-22"],
    ["2026-01-22", "2026-01-22"],
    ["2024-02-29 00:00:00", "2024-02-29"],
  ])("reads %j as %s", (input, expected) => {
    expect(datePart(input)).toBe(expected);
  });

  it.each([null, "", "0000-00-00 00:00:00", "2026-02-30 10:00:00", "22/01/2026", "2026-01-2214:00", "tomorrow", "2026-1-22 14:00:00"])("reads %j as null", (input) => {
    expect(datePart(input)).toBeNull();
  });
});

describe("isSupportedDate", () => {
  it("is a real date from 0001-01-01 to 9999-12-30", () => {
    expect([MIN_DATE, MAX_DATE, "2026-11-21"].map(isSupportedDate)).toEqual([true, true, true]);
    expect(["0000-12-31", "9999-12-31", "2026-02-30", "10000-01-01"].map(isSupportedDate)).toEqual([false, false, false, false]);
  });
});
