import { describe, expect, it } from "vitest";
import type { OpeningHour } from "../../src/domain/restaurant";
import { effectiveServices, readServiceChoicesText, serviceChoicesAfter, serviceChoicesText } from "../../src/domain/service-choices";

function hour(id: string, name: string, day: number, open: number): OpeningHour {
  return { id, name, day, open, close: open + 300, seatingMinutes: 90, special: false, date: null, closed: false };
}

const CLOSURE: OpeningHour = { id: "closed", name: "Closed: private event", day: null, open: 0, close: 0, seatingMinutes: null, special: true, date: "2026-01-30", closed: true };
const LUNCH_MON = hour("lunch-1", "Lunch", 1, 1200);
const DINNER_MON = hour("dinner-1", "Dinner", 1, 1800);
const SITTING = hour("sitting-1", "Sitting 4", 1, 1630);
const HOURS = [LUNCH_MON, CLOSURE, DINNER_MON, SITTING];

describe("effectiveServices", () => {
  it("detects a service for every regular opening hour, and leaves the special ones out", () => {
    expect(effectiveServices(HOURS, {})).toEqual([
      { openingHourId: "lunch-1", name: "Lunch", service: "lunch" },
      { openingHourId: "dinner-1", name: "Dinner", service: "dinner" },
      { openingHourId: "sitting-1", name: "Sitting 4", service: "other" },
    ]);
  });

  it("applies the kitchen's choices over the detected services, and ignores a choice for a special one", () => {
    const services = effectiveServices(HOURS, { "sitting-1": "dinner", "lunch-1": "breakfast", closed: "dinner" });
    expect(services.map((mapping) => [mapping.openingHourId, mapping.service])).toEqual([
      ["lunch-1", "breakfast"],
      ["dinner-1", "dinner"],
      ["sitting-1", "dinner"],
    ]);
  });
});

describe("serviceChoicesAfter", () => {
  it("keeps only the choices that differ from the detected service, for opening hours that still exist", () => {
    const choices = serviceChoicesAfter(HOURS, { "lunch-1": "breakfast", "gone-1": "lunch" }, [
      { openingHourId: "sitting-1", service: "dinner" },
      { openingHourId: "dinner-1", service: "dinner" },
    ]);
    expect(choices).toEqual({ "lunch-1": "breakfast", "sitting-1": "dinner" });
  });

  it("forgets a choice set back to the detected service", () => {
    expect(serviceChoicesAfter(HOURS, { "lunch-1": "breakfast" }, [{ openingHourId: "lunch-1", service: "lunch" }])).toEqual({});
  });
});

describe("the service choices text a form sends", () => {
  it("names one service for several opening hours, and reads back", () => {
    const text = serviceChoicesText("dinner", ["a1", "b2"]);
    expect(text).toBe("dinner:a1,b2");
    expect(readServiceChoicesText(text)).toEqual([
      { openingHourId: "a1", service: "dinner" },
      { openingHourId: "b2", service: "dinner" },
    ]);
  });

  it.each(["supper:a1", "dinner:", "dinner", ":a1", "dinner:a1,,b2", "dinner:a1 b2", "Dinner:a1"])("refuses %j", (text) => {
    expect(readServiceChoicesText(text)).toBeNull();
  });
});
