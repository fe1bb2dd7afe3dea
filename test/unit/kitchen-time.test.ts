import { describe, expect, it } from "vitest";
import { isValidTimeZone } from "../../src/domain/kitchen-time";
import { formatAge, formatInstant } from "../../src/views/format";

describe("kitchen-local time", () => {
  it("formats an instant in the kitchen's zone, across DST and the date line", () => {
    expect(formatInstant("2026-07-01T12:00:00.000Z", "Europe/London")).toBe("1 Jul 2026, 13:00");
    expect(formatInstant("2026-12-01T12:00:00.000Z", "Europe/London")).toBe("1 Dec 2026, 12:00");
    expect(formatInstant("2026-11-21T23:30:00.000Z", "Pacific/Auckland")).toBe("22 Nov 2026, 12:30");
    expect(formatInstant("2026-11-21T00:05:00.000Z", "America/New_York")).toBe("20 Nov 2026, 19:05");
  });

  it("accepts IANA zones and refuses anything else", () => {
    expect(["Europe/London", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5"].filter(isValidTimeZone)).toHaveLength(4);
    expect(["Mars/Olympus", "", "Europe/London; DROP TABLE", "../etc", "Europe//London"].filter(isValidTimeZone)).toEqual([]);
  });
});

describe("formatAge", () => {
  const now = new Date("2026-11-21T12:00:00.000Z");
  it.each([
    ["2026-11-21T11:59:30.000Z", "just now"],
    ["2026-11-21T11:48:00.000Z", "12 min ago"],
    ["2026-11-21T11:00:00.000Z", "1 h ago"],
    ["2026-11-21T08:59:00.000Z", "3 h ago"],
    ["2026-11-20T11:00:00.000Z", "1 day ago"],
    ["2026-11-18T12:00:00.000Z", "3 days ago"],
  ])("%s is %s", (iso, expected) => {
    expect(formatAge(iso, now)).toBe(expected);
  });
});
