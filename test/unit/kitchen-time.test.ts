import { describe, expect, it } from "vitest";
import { formatInstant, isValidTimeZone } from "../../src/domain/kitchen-time";

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
