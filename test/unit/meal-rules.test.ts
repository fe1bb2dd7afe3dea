import { describe, expect, it } from "vitest";
import { DEFAULT_MEAL_RULES, detectNightMeals, type MealRules, parseMealRules } from "../../src/domain/meal-rules";
import { NewbookBooking } from "../../src/newbook/schemas";
import { wireBooking, wireItem, wireTariff } from "./newbook-wire";

const NIGHT = "2026-01-22";
const NO_GL = new Map<string, string>();

function booking(parts: { items?: unknown[]; tariffs?: unknown[] }): NewbookBooking {
  return wireBooking({ inventory_items: parts.items ?? [], tariffs_quoted: parts.tariffs ?? [] });
}

const item = (description: string, stayDate = `${NIGHT} 00:00:00`, extra: Record<string, unknown> = {}) => wireItem({ stay_date: stayDate, description, ...extra });
const tariff = (label: string, stayDate = NIGHT) => wireTariff({ stay_date: stayDate, label });

const mealsFromItem = (description: string, rules: MealRules = DEFAULT_MEAL_RULES) =>
  detectNightMeals(booking({ items: [item(description)] }), NIGHT, rules, NO_GL);
const mealsFromRate = (label: string, rules: MealRules = DEFAULT_MEAL_RULES) =>
  detectNightMeals(booking({ tariffs: [tariff(label)] }), NIGHT, rules, NO_GL);

function rulesWith(overrides: Partial<MealRules>): MealRules {
  return { ...DEFAULT_MEAL_RULES, ...overrides };
}

describe("detectNightMeals: extras by description", () => {
  it.each([
    ["Dinner Allocation", { dinner: true, breakfast: false, package: false }],
    // Half board and DBB include breakfast.
    ["Half Board", { dinner: true, breakfast: true, package: false }],
    ["half   BOARD supplement", { dinner: true, breakfast: true, package: false }],
    ["DBB supplement", { dinner: true, breakfast: true, package: false }],
    ["B&B", { dinner: false, breakfast: true, package: false }],
    ["Full English Breakfast", { dinner: false, breakfast: true, package: false }],
    ["Spa Package", { dinner: false, breakfast: false, package: true }],
    ["Dinner, Bed & Breakfast", { dinner: true, breakfast: true, package: false }],
    ["Parking", { dinner: false, breakfast: false, package: false }],
  ])("reads %j", (description, expected) => {
    expect(mealsFromItem(description)).toEqual(expected);
  });

  it("matches whole words and phrases only, allowing a plural s", () => {
    expect(mealsFromItem("Breakfasts x2").breakfast).toBe(true);
    expect(mealsFromItem("Spa Packages").package).toBe(true);
    expect(mealsFromItem("Dinnerware hire").dinner).toBe(false);
    expect(mealsFromItem("Prepackaged picnic").package).toBe(false);
    expect(mealsFromItem("Packaged lunch").package).toBe(false);
    expect(mealsFromItem("ADBB rate").dinner).toBe(false);
    // A short code must not fire inside a longer one.
    expect(mealsFromItem("DBB", rulesWith({ breakfastWords: ["BB"] })).breakfast).toBe(false);
    expect(mealsFromItem("BB", rulesWith({ breakfastWords: ["BB"] })).breakfast).toBe(true);
  });

  it("reads only the extras of the night asked about", () => {
    const stay = booking({ items: [item("Dinner Allocation", "2026-01-23 00:00:00"), item("Breakfast", "2026-01-22T00:00:00")] });
    expect(detectNightMeals(stay, "2026-01-22", DEFAULT_MEAL_RULES, NO_GL)).toEqual({ dinner: false, breakfast: true, package: false });
    expect(detectNightMeals(stay, "2026-01-23", DEFAULT_MEAL_RULES, NO_GL)).toEqual({ dinner: true, breakfast: false, package: false });
    expect(detectNightMeals(stay, "2026-01-24", DEFAULT_MEAL_RULES, NO_GL)).toEqual({ dinner: false, breakfast: false, package: false });
  });

  it("ignores extras without a readable stay date", () => {
    const stay = booking({ items: [item("Dinner Allocation", ""), item("Breakfast", "someday")] });
    expect(detectNightMeals(stay, NIGHT, DEFAULT_MEAL_RULES, NO_GL)).toEqual({ dinner: false, breakfast: false, package: false });
  });

  it("treats regex characters in a pattern as plain text", () => {
    const rules = rulesWith({ breakfastWords: ["B&B"], dinnerWords: ["D.B.B", "(HB)"], packageWords: ["a+b"] });
    expect(mealsFromItem("B&B", rules)).toEqual({ dinner: false, breakfast: true, package: false });
    expect(mealsFromItem("D.B.B rate", rules).dinner).toBe(true);
    expect(mealsFromItem("DXBXB rate", rules).dinner).toBe(false);
    expect(mealsFromItem("Upgrade (HB)", rules).dinner).toBe(true);
    expect(mealsFromItem("a+b deal", rules).package).toBe(true);
    expect(mealsFromItem("aab deal", rules).package).toBe(false);
  });

  it("follows a list edited in place", () => {
    const rules = rulesWith({ dinnerWords: ["dinner"] });
    expect(mealsFromItem("Supper", rules).dinner).toBe(false);
    rules.dinnerWords.push("supper");
    expect(mealsFromItem("Supper", rules).dinner).toBe(true);
  });

  it("finds nothing when every list is empty", () => {
    const none = parseMealRules(Object.fromEntries(Object.keys(DEFAULT_MEAL_RULES).map((key) => [key, []])));
    if (!none.ok) throw new Error(none.errors.join("; "));
    expect(mealsFromItem("Dinner, Bed & Breakfast Package", none.rules)).toEqual({ dinner: false, breakfast: false, package: false });
    expect(mealsFromRate("Dinner, Bed & Breakfast Package", none.rules)).toEqual({ dinner: false, breakfast: false, package: false });
  });
});

describe("detectNightMeals: extras by GL account", () => {
  const glCodeById = new Map([
    ["41", "4010-FOOD-DIN"],
    ["42", "4020-FOOD-BRK"],
    ["43", "4900-PKG"],
  ]);
  const rules = rulesWith({ dinnerGlCodes: ["4010-food-din"], breakfastGlCodes: ["4020-FOOD-BRK"], packageGlCodes: [" 4900-PKG "] });
  const withGl = (glAccountId: number | string) => booking({ items: [item("Sundry", `${NIGHT} 00:00:00`, { gl_account_id: glAccountId })] });

  it("maps the extra's account id to a code on one of the lists", () => {
    expect(detectNightMeals(withGl(41), NIGHT, rules, glCodeById)).toEqual({ dinner: true, breakfast: false, package: false });
    expect(detectNightMeals(withGl("42"), NIGHT, rules, glCodeById)).toEqual({ dinner: false, breakfast: true, package: false });
    expect(detectNightMeals(withGl("43"), NIGHT, rules, glCodeById)).toEqual({ dinner: false, breakfast: false, package: true });
  });

  it("ignores accounts that are unknown, unlisted or absent", () => {
    const none = { dinner: false, breakfast: false, package: false };
    expect(detectNightMeals(withGl("99"), NIGHT, rules, glCodeById)).toEqual(none);
    expect(detectNightMeals(withGl("41"), NIGHT, DEFAULT_MEAL_RULES, glCodeById)).toEqual(none);
    expect(detectNightMeals(withGl("0"), NIGHT, rules, new Map([["0", "4010-FOOD-DIN"]]))).toEqual(none);
  });
});

describe("detectNightMeals: rate labels", () => {
  it.each([
    ["Dinner Bed & Breakfast", { dinner: true, breakfast: true, package: false }],
    ["Bed & Breakfast", { dinner: false, breakfast: true, package: false }],
    ["Room Only", { dinner: false, breakfast: false, package: false }],
    ["Romantic Package", { dinner: false, breakfast: false, package: true }],
  ])("reads the default patterns on %j", (label, expected) => {
    expect(mealsFromRate(label)).toEqual(expected);
  });

  it("uses the rate-label lists, not the extras' word lists", () => {
    const rules = rulesWith({ dinnerRateLabels: ["B&B + Dinner"], dinnerWords: [] });
    expect(mealsFromRate("Winter B&B + Dinner", rules).dinner).toBe(true);
    expect(mealsFromItem("Dinner Allocation", rules).dinner).toBe(false);
  });

  it("reads only the night's own rate", () => {
    const stay = booking({ tariffs: [tariff("Room Only", "2026-01-22"), tariff("Dinner Bed & Breakfast", "2026-01-23 00:00:00")] });
    expect(detectNightMeals(stay, "2026-01-22", DEFAULT_MEAL_RULES, NO_GL)).toEqual({ dinner: false, breakfast: false, package: false });
    expect(detectNightMeals(stay, "2026-01-23", DEFAULT_MEAL_RULES, NO_GL)).toEqual({ dinner: true, breakfast: true, package: false });
  });

  it("ORs all sources together", () => {
    const glCodeById = new Map([["7", "PKG"]]);
    const rules = rulesWith({ packageGlCodes: ["PKG"] });
    const stay = booking({
      items: [item("Dinner Allocation"), item("Golf", `${NIGHT} 00:00:00`, { gl_account_id: "7" })],
      tariffs: [tariff("Bed & Breakfast")],
    });
    expect(detectNightMeals(stay, NIGHT, rules, glCodeById)).toEqual({ dinner: true, breakfast: true, package: true });
  });
});

describe("parseMealRules", () => {
  it("gives the defaults for nothing, null or an empty object", () => {
    for (const input of [undefined, null, {}]) {
      expect(parseMealRules(input)).toEqual({ ok: true, rules: DEFAULT_MEAL_RULES });
    }
  });

  it("defaults rate labels to the item words", () => {
    expect(DEFAULT_MEAL_RULES.dinnerRateLabels).toEqual(["dinner", "dbb", "half board"]);
    expect(DEFAULT_MEAL_RULES.breakfastRateLabels).toEqual(["breakfast", "b&b", "dbb", "half board"]);
    expect(DEFAULT_MEAL_RULES.packageRateLabels).toEqual(["package"]);
    expect(DEFAULT_MEAL_RULES.dinnerGlCodes).toEqual([]);
  });

  it("trims, collapses spaces, drops blanks and case-insensitive repeats, keeps the first spelling", () => {
    const result = parseMealRules({ dinnerWords: ["  Dinner ", "", "DINNER", "half \t board", "   ", "Half Board"], packageGlCodes: [] });
    expect(result).toEqual({
      ok: true,
      rules: { ...DEFAULT_MEAL_RULES, dinnerWords: ["Dinner", "half board"], packageGlCodes: [] },
    });
  });

  it("reads a textarea's lines, keeping commas inside a line", () => {
    const result = parseMealRules({ dinnerRateLabels: "Dinner, Bed & Breakfast\r\nDBB\n\nHalf Board\n" });
    expect(result.ok && result.rules.dinnerRateLabels).toEqual(["Dinner, Bed & Breakfast", "DBB", "Half Board"]);
  });

  it("accepts 30 entries of 60 characters", () => {
    const entries = Array.from({ length: 30 }, (_, index) => `${String(index).padStart(2, "0")}${"x".repeat(58)}`);
    const result = parseMealRules({ breakfastWords: entries });
    expect(result.ok && result.rules.breakfastWords).toEqual(entries);
  });

  it("names the list and the problem", () => {
    const result = parseMealRules({
      dinnerWords: "dinner",
      breakfastWords: ["breakfast", 7],
      packageWords: 12,
      dinnerGlCodes: ["x".repeat(61)],
      breakfastRateLabels: Array.from({ length: 31 }, (_, index) => `rate ${index}`),
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        "Breakfast words: entry 2 is not text.",
        "Package words: expected a list of text entries.",
        `Dinner GL codes: "${"x".repeat(20)}…" is longer than 60 characters.`,
        "Breakfast rate labels: at most 30 entries, got 31.",
      ],
      // What a form shows beside each list: its first problem.
      byList: {
        breakfastWords: "Entry 2 is not text.",
        packageWords: "Expected a list of text entries.",
        dinnerGlCodes: `"${"x".repeat(20)}…" is longer than 60 characters.`,
        breakfastRateLabels: "At most 30 entries, got 31.",
      },
    });
  });

  it("counts entries after removing repeats", () => {
    const entries = [...Array.from({ length: 30 }, (_, index) => `rate ${index}`), "RATE 0", " rate 1 "];
    expect(parseMealRules({ packageRateLabels: entries }).ok).toBe(true);
  });

  it("refuses anything but an object", () => {
    for (const input of ["dinner", 3, ["dinner"], true]) {
      expect(parseMealRules(input)).toEqual({ ok: false, errors: ["Meal rules: expected an object of lists."], byList: {} });
    }
  });

  it("hands back lists the caller can change without touching the defaults", () => {
    const result = parseMealRules({});
    if (!result.ok) throw new Error("defaults should parse");
    result.rules.dinnerWords.push("supper");
    expect(DEFAULT_MEAL_RULES.dinnerWords).toEqual(["dinner", "dbb", "half board"]);
  });
});

describe("detectNightMeals: extras by name", () => {
  it("reads an extra's name when its description says nothing", () => {
    const booking = NewbookBooking.parse({
      booking_id: "1",
      inventory_items: [{ stay_date: "2026-01-22", description: "Extra 17", name: "Dinner Allocation" }],
    });
    expect(detectNightMeals(booking, "2026-01-22", DEFAULT_MEAL_RULES, new Map())).toEqual({ dinner: true, breakfast: false, package: false });
  });
});
