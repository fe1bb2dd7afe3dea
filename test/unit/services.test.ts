import { describe, expect, it } from "vitest";
import type { OpeningHour, ServiceMapping } from "../../src/domain/restaurant";
import { closedDates, detectServices, serviceOf } from "../../src/domain/services";

// 2026-01-22 is a Thursday (resOS day 4); 2026-01-25 a Sunday (day 7).
const THURSDAY = "2026-01-22";
const SUNDAY = "2026-01-25";

function hour(id: string, name: string, day: number, open: number, close: number): OpeningHour {
  return { id, name, day, open, close, seatingMinutes: null, special: false, date: null, closed: false };
}

function closure(date: string): OpeningHour {
  return { id: `closed-${date}`, name: "Closed", day: null, open: 0, close: 0, seatingMinutes: null, special: true, date, closed: true };
}

const serviceNamed = (name: string, open: number, close = open + 300) => detectServices([hour("h", name, 1, open, close)])[0]!.service;

describe("detectServices", () => {
  it.each([
    ["Breakfast", 1200, "breakfast"],
    ["Sunday Brunch", 1100, "breakfast"],
    ["Lunch", 1800, "lunch"],
    ["Dinner", 1200, "dinner"],
    ["Supper", 1630, "dinner"],
    ["Evening menu", 1500, "dinner"],
    ["Afternoon tea", 1400, "other"],
  ])("goes by the name %j whatever the time (%i)", (name, open, expected) => {
    expect(serviceNamed(name, open)).toBe(expected);
  });

  it.each([
    ["Morning", 700, "breakfast"],
    ["Sitting 1", 1059, "breakfast"],
    ["Sitting 2", 1100, "lunch"],
    ["Sitting 3", 1559, "lunch"],
    ["Sitting 4", 1600, "other"],
    ["Sitting 5", 1659, "other"],
    ["Sitting 6", 1700, "dinner"],
    ["Lunch & Dinner", 1830, "dinner"],
  ])("goes by the opening time for %j opening at %i", (name, open, expected) => {
    expect(serviceNamed(name, open)).toBe(expected);
  });

  it("maps every regular period and no special one", () => {
    const mappings = detectServices([hour("l", "Lunch", 1, 1200, 1500), hour("d", "Dinner", 1, 1800, 2130), { ...closure("2026-12-25"), name: "Dinner" }]);
    expect(mappings).toEqual([
      { openingHourId: "l", name: "Lunch", service: "lunch" },
      { openingHourId: "d", name: "Dinner", service: "dinner" },
    ]);
  });
});

describe("closedDates", () => {
  it("lists the dates of special closures only", () => {
    const specialOpening: OpeningHour = { ...hour("x", "Christmas lunch", 1, 1200, 1500), day: null, special: true, date: "2026-12-24" };
    expect([...closedDates([hour("d", "Dinner", 4, 1800, 2130), closure("2026-12-25"), closure("2027-01-01"), specialOpening])]).toEqual(["2026-12-25", "2027-01-01"]);
  });
});

describe("serviceOf", () => {
  const HOURS = [
    hour("thu-lunch", "Lunch", 4, 1200, 1530),
    hour("thu-tea", "Afternoon tea", 4, 1500, 1700),
    hour("thu-dinner", "Dinner", 4, 1800, 2130),
    hour("sun-lunch", "Sunday lunch", 7, 1200, 1600),
  ];
  const MAPPINGS: ServiceMapping[] = detectServices(HOURS);
  const at = (date: string, time: string | null, hours = HOURS, mappings = MAPPINGS) => serviceOf({ date, time }, hours, mappings);

  it("puts a table in the period of its weekday that holds its time, ends included", () => {
    expect(at(THURSDAY, "19:30")).toEqual({ service: "dinner", openingHourId: "thu-dinner", openingHourName: "Dinner" });
    expect(at(THURSDAY, "18:00").openingHourId).toBe("thu-dinner");
    expect(at(THURSDAY, "21:30").openingHourId).toBe("thu-dinner");
    expect(at(THURSDAY, "12:30")).toEqual({ service: "lunch", openingHourId: "thu-lunch", openingHourName: "Lunch" });
  });

  it("reads only the periods of the table's weekday", () => {
    // Sunday has no dinner period: a 19:00 Sunday table is nearest to Sunday lunch, never Thursday dinner.
    expect(at(SUNDAY, "19:00").openingHourId).toBe("sun-lunch");
  });

  it("puts a table where periods overlap in the one that opened last", () => {
    expect(at(THURSDAY, "15:15")).toEqual({ service: "other", openingHourId: "thu-tea", openingHourName: "Afternoon tea" });
  });

  it("puts a table outside every period in the nearest one that day", () => {
    expect(at(THURSDAY, "17:45").openingHourId).toBe("thu-dinner");
    expect(at(THURSDAY, "22:30").openingHourId).toBe("thu-dinner");
    expect(at(THURSDAY, "11:00").openingHourId).toBe("thu-lunch");
  });

  it("takes the earlier period when a table is as near to two", () => {
    expect(at(THURSDAY, "17:30").openingHourId).toBe("thu-tea");
  });

  it("uses the kitchen's mapping over the guess", () => {
    const mappings = MAPPINGS.map((mapping) => (mapping.openingHourId === "thu-tea" ? { ...mapping, service: "lunch" as const } : mapping));
    expect(at(THURSDAY, "15:15", HOURS, mappings).service).toBe("lunch");
  });

  it("guesses the service of a period the mappings do not name yet", () => {
    expect(at(THURSDAY, "19:00", HOURS, []).service).toBe("dinner");
  });

  it("goes by the time of day when the restaurant has no period that day", () => {
    expect(at(THURSDAY, "08:30", [])).toEqual({ service: "breakfast", openingHourId: null, openingHourName: null });
    expect(at(THURSDAY, "10:59", []).service).toBe("breakfast");
    expect(at(THURSDAY, "11:00", []).service).toBe("lunch");
    expect(at(THURSDAY, "15:59", []).service).toBe("lunch");
    expect(at(THURSDAY, "16:00", []).service).toBe("dinner");
    expect(at("2026-01-20", "19:00").openingHourId).toBeNull();
  });

  it("calls a table without a time other, unless its day has only one period", () => {
    expect(at(THURSDAY, null)).toEqual({ service: "other", openingHourId: null, openingHourName: null });
    expect(at(SUNDAY, null)).toEqual({ service: "lunch", openingHourId: "sun-lunch", openingHourName: "Sunday lunch" });
    expect(at(THURSDAY, null, []).service).toBe("other");
  });

  it("ignores special periods", () => {
    const special: OpeningHour = { ...hour("xmas", "Christmas dinner", 4, 1800, 2200), special: true, date: THURSDAY };
    expect(at(THURSDAY, "19:00", [special]).openingHourId).toBeNull();
  });
});
