// Newbook has no meal-plan flag: each property encodes dinner, breakfast and packages in
// its own extras, GL accounts and rate names. A kitchen configures words and codes; this
// module reads one night of one booking through them.
import type { NewbookBooking } from "../newbook/schemas";
import { datePart } from "./dates";
import { typedTextProblem } from "./typed-text";

export interface MealRules {
  dinnerWords: string[];
  breakfastWords: string[];
  packageWords: string[];
  dinnerGlCodes: string[];
  breakfastGlCodes: string[];
  packageGlCodes: string[];
  dinnerRateLabels: string[];
  breakfastRateLabels: string[];
  packageRateLabels: string[];
}

export interface NightMeals {
  dinner: boolean;
  breakfast: boolean;
  package: boolean;
}

const DINNER_WORDS = ["dinner", "dbb", "half board"];
// Dinner, bed and breakfast and half board include breakfast too.
const BREAKFAST_WORDS = ["breakfast", "b&b", "dbb", "half board"];
const PACKAGE_WORDS = ["package"];

/** A rate label speaks the same language as the extras: "Dinner Bed & Breakfast" is both meals, "Room Only" neither. */
export const DEFAULT_MEAL_RULES: MealRules = {
  dinnerWords: DINNER_WORDS,
  breakfastWords: BREAKFAST_WORDS,
  packageWords: PACKAGE_WORDS,
  dinnerGlCodes: [],
  breakfastGlCodes: [],
  packageGlCodes: [],
  dinnerRateLabels: [...DINNER_WORDS],
  breakfastRateLabels: [...BREAKFAST_WORDS],
  packageRateLabels: [...PACKAGE_WORDS],
};

/** Each list's name, as forms and error messages say it. */
export const MEAL_RULE_LISTS = {
  dinnerWords: "Dinner words",
  breakfastWords: "Breakfast words",
  packageWords: "Package words",
  dinnerGlCodes: "Dinner GL codes",
  breakfastGlCodes: "Breakfast GL codes",
  packageGlCodes: "Package GL codes",
  dinnerRateLabels: "Dinner rate labels",
  breakfastRateLabels: "Breakfast rate labels",
  packageRateLabels: "Package rate labels",
} as const satisfies Record<keyof MealRules, string>;

const MAX_ENTRY_LENGTH = 60;
const MAX_ENTRIES = 30;

function normaliseSpace(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A pattern matches a whole word or phrase, never part of a word, so a short code such as
// "BB" does not fire inside "DBB" and "dinner" does not fire inside "dinnerware". A plural
// "s" is allowed ("Breakfasts", "Spa Packages") because descriptions count portions and a
// missed meal costs the kitchen more than a rare false match. Patterns are literal text:
// "B&B" and "D.B.B" mean exactly those characters.
function buildMatcher(patterns: readonly string[]): RegExp | null {
  const alternatives = patterns.map(normaliseSpace).filter((pattern) => pattern !== "").map(escapeRegExp);
  if (alternatives.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})s?(?![\\p{L}\\p{N}])`, "iu");
}

// Every night of every booking asks the same few lists, so each list is compiled once.
// Keyed by content, not identity, so a caller that edits a list in place still gets a
// matcher for what the list says now.
const matcherCache = new Map<string, RegExp | null>();
const MATCHER_CACHE_LIMIT = 256;

function matcherFor(patterns: readonly string[]): RegExp | null {
  const key = JSON.stringify(patterns);
  const cached = matcherCache.get(key);
  if (cached !== undefined) return cached;
  if (matcherCache.size >= MATCHER_CACHE_LIMIT) matcherCache.clear();
  const matcher = buildMatcher(patterns);
  matcherCache.set(key, matcher);
  return matcher;
}

function mentions(text: string | null, patterns: readonly string[]): boolean {
  const matcher = matcherFor(patterns);
  return text !== null && matcher !== null && matcher.test(normaliseSpace(text));
}

function isListedCode(code: string | undefined, codes: readonly string[]): boolean {
  if (code === undefined) return false;
  const wanted = code.trim().toLowerCase();
  return codes.some((candidate) => candidate.trim().toLowerCase() === wanted);
}

/**
 * Which meals `night` of `booking` includes. Three sources, ORed: the night's extras by
 * description, the same extras by GL account code, and the night's rate label. An extra
 * or rate without a readable stay_date belongs to no night and is ignored.
 */
export function detectNightMeals(booking: NewbookBooking, night: string, rules: MealRules, glCodeById: ReadonlyMap<string, string>): NightMeals {
  const items = booking.inventory_items.filter((item) => datePart(item.stay_date) === night);
  const rateLabels = booking.tariffs_quoted.filter((tariff) => datePart(tariff.stay_date) === night).map((tariff) => tariff.label);
  const includes = (words: string[], glCodes: string[], rateLabelPatterns: string[]) =>
    items.some(
      (item) =>
        mentions(item.description, words) || mentions(item.name, words) || (item.gl_account_id !== null && isListedCode(glCodeById.get(item.gl_account_id), glCodes)),
    ) || rateLabels.some((label) => mentions(label, rateLabelPatterns));
  return {
    dinner: includes(rules.dinnerWords, rules.dinnerGlCodes, rules.dinnerRateLabels),
    breakfast: includes(rules.breakfastWords, rules.breakfastGlCodes, rules.breakfastRateLabels),
    package: includes(rules.packageWords, rules.packageGlCodes, rules.packageRateLabels),
  };
}

// A settings form posts a textarea (one entry per line); stored JSON holds an array.
function readEntries(value: unknown, label: string, found: (problem: string) => void): string[] | null {
  const raw = typeof value === "string" ? value.split(/\r?\n/) : value;
  if (!Array.isArray(raw)) {
    found(`${label}: expected a list of text entries.`);
    return null;
  }
  const entries: string[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of raw.entries()) {
    if (typeof entry !== "string") {
      found(`${label}: entry ${index + 1} is not text.`);
      continue;
    }
    const text = normaliseSpace(entry);
    if (text === "" || seen.has(text.toLowerCase())) continue;
    const problem = typedTextProblem(text, { lines: true });
    if (problem) {
      found(`${label}: entry ${index + 1} ${problem}.`);
      continue;
    }
    if (text.length > MAX_ENTRY_LENGTH) {
      found(`${label}: "${text.slice(0, 20)}…" is longer than ${MAX_ENTRY_LENGTH} characters.`);
      continue;
    }
    seen.add(text.toLowerCase());
    entries.push(text);
  }
  if (entries.length > MAX_ENTRIES) found(`${label}: at most ${MAX_ENTRIES} entries, got ${entries.length}.`);
  return entries;
}

/**
 * Checks meal rules from a settings form or stored JSON. Entries are trimmed, inner
 * whitespace collapsed, blanks dropped and repeats (ignoring case) removed; a list that
 * is absent or null takes its default, while an empty list stays empty (the kitchen
 * switched that source off). Unknown keys are ignored.
 */
export function parseMealRules(
  input: unknown,
): { ok: true; rules: MealRules } | { ok: false; errors: string[]; byList: Partial<Record<keyof MealRules, string>> } {
  if (input !== null && input !== undefined && (typeof input !== "object" || Array.isArray(input))) {
    return { ok: false, errors: ["Meal rules: expected an object of lists."], byList: {} };
  }
  const source = (input ?? {}) as Record<string, unknown>;
  const errors: string[] = [];
  // The first problem of each list, without its label: what a form shows beside that list.
  const byList: Partial<Record<keyof MealRules, string>> = {};
  const rules: MealRules = { ...DEFAULT_MEAL_RULES };
  for (const [key, label] of Object.entries(MEAL_RULE_LISTS) as [keyof MealRules, string][]) {
    const value = source[key];
    if (value === undefined || value === null) {
      rules[key] = [...DEFAULT_MEAL_RULES[key]];
      continue;
    }
    const entries = readEntries(value, label, (problem) => {
      errors.push(problem);
      byList[key] ??= problem.slice(label.length + 2).replace(/^./, (first) => first.toUpperCase());
    });
    if (entries !== null) rules[key] = entries;
  }
  return errors.length > 0 ? { ok: false, errors, byList } : { ok: true, rules };
}

/**
 * The rules a kitchen stored (as JSON text): the defaults when it stored none, and the
 * defaults with the reason when what it stored cannot be read.
 */
export function readStoredMealRules(json: string | null): { rules: MealRules; problem: string | null } {
  if (json === null) return { rules: DEFAULT_MEAL_RULES, problem: null };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { rules: DEFAULT_MEAL_RULES, problem: "not JSON" };
  }
  const parsed = parseMealRules(value);
  return parsed.ok ? { rules: parsed.rules, problem: null } : { rules: DEFAULT_MEAL_RULES, problem: parsed.errors[0]! };
}
