import type { DetectedMeals } from "../../db/kitchen-setup";
import { MEAL_RULE_LISTS, type MealRules } from "../../domain/meal-rules";
import { FieldError, invalidAttributes, type FieldErrors } from "../form-fields";
import { Message } from "../messages";

export interface MealRulesFormState {
  /** The lists as shown in the form: the saved rules, or what was entered when saving failed. */
  values: Record<keyof MealRules, string>;
  /** The first problem of each list, shown beside it. */
  errors?: FieldErrors;
  notice?: string;
}

export const MEAL_RULES_SECTION_ID = "meal-rules-section";

const GROUPS: { meal: string; keys: (keyof MealRules)[] }[] = [
  { meal: "Dinner (DBB)", keys: ["dinnerWords", "dinnerGlCodes", "dinnerRateLabels"] },
  { meal: "Breakfast", keys: ["breakfastWords", "breakfastGlCodes", "breakfastRateLabels"] },
  { meal: "Package", keys: ["packageWords", "packageGlCodes", "packageRateLabels"] },
];

export function mealRulesFormValues(rules: MealRules): Record<keyof MealRules, string> {
  return Object.fromEntries(Object.entries(rules).map(([key, list]) => [key, list.join("\n")])) as Record<keyof MealRules, string>;
}

export function MealRulesSection({ slug, detected, state }: { slug: string; detected: DetectedMeals; state: MealRulesFormState }) {
  const action = `/k/${slug}/settings/meal-rules`;
  return (
    <section class="card" id={MEAL_RULES_SECTION_ID}>
      <h2>Meal plans</h2>
      <p class="muted">
        Newbook has no meal-plan flag. A night counts as dinner, breakfast or package when one of that night's extras
        matches a word or a GL account code below, or its rate name matches a rate label. One entry per line; matching
        ignores case.
      </p>
      <p class="preview">
        {detected.roomNights === 0
          ? "No room-nights from today on yet: run a sync to see what these rules find."
          : `From today on, the last sync found ${detected.roomNights} room-nights: ${detected.dinner} with dinner, ${detected.breakfast} with breakfast, ${detected.package} with a package.`}
      </p>
      <form method="post" action={action} class="stack" hx-post={action} hx-target={`#${MEAL_RULES_SECTION_ID}`} hx-swap="outerHTML">
        {GROUPS.map((group) => (
          <fieldset>
            <legend>{group.meal}</legend>
            {group.keys.map((key) => (
              <label>
                {MEAL_RULE_LISTS[key]}
                <textarea name={key} rows={3} {...invalidAttributes(state.errors, key)}>
                  {state.values[key]}
                </textarea>
                <FieldError errors={state.errors} name={key} />
              </label>
            ))}
          </fieldset>
        ))}
        <button type="submit" class="primary">
          Save meal rules
        </button>
        <Message text={state.notice} result />
        <Message text={state.errors ? "Not saved: see the lists marked above." : undefined} failed result />
      </form>
    </section>
  );
}
