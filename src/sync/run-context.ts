// What a run's step knows about its kitchen, read from D1 once per step and made usable:
// the stored meal rules parsed (defaults, with a warning, when unreadable) and the room
// categories left out of the counts.
import type { NewbookConnectionRow, ResosConnectionRow, RunContextRows } from "../db/run-context";
import { readStoredMealRules, type MealRules } from "../domain/meal-rules";
import type { StayWarning } from "../domain/stay-nights";

export interface RunContext {
  timeZone: string;
  /** Nights older than this many days are written without personal data (src/domain/retention.ts). */
  retentionDays: number;
  rules: MealRules;
  excludedCategoryIds: Set<string>;
  newbook: NewbookConnectionRow | null;
  resos: ResosConnectionRow | null;
  /** Problems found before fetching anything (unreadable stored rules). */
  warnings: StayWarning[];
}

export function toRunContext(rows: RunContextRows): RunContext {
  const { rules, problem } = readStoredMealRules(rows.rulesJson);
  const warnings: StayWarning[] = problem === null ? [] : [{ bookingId: "-", reason: `stored meal rules unreadable, defaults used: ${problem}` }];
  return {
    timeZone: rows.timeZone,
    retentionDays: rows.retentionDays,
    rules,
    excludedCategoryIds: new Set(rows.categories.filter((c) => !c.includeInCounts).map((c) => c.categoryId)),
    newbook: rows.newbook,
    resos: rows.resos,
    warnings,
  };
}
