import type { KitchenMembership } from "../../auth/sessions";
import type { SettingsPageData } from "../../db/kitchen-setup";
import type { FieldErrors } from "../form-fields";
import { SetupList } from "../setup-list";
import { CategoriesSection } from "./categories-section";
import { MealRulesSection, type MealRulesFormState } from "./meal-rules-section";
import { NewbookSection, type NewbookFormState } from "./newbook-section";
import { PrivacySection } from "./privacy-section";
import { ResosSection, type ResosFormState } from "./resos-section";
import { ScheduleSection, type ScheduleFormState } from "./schedule-section";
import { SyncSection, type HistoricalFormState } from "./sync-section";
import { TokensSection } from "./tokens-section";

/** What the page shows: the kitchen's set-up, and its resOS connection as stored (null when not connected). */
export type SettingsData = SettingsPageData;

export interface SettingsPageState {
  newbook: NewbookFormState;
  resos: ResosFormState;
  mealRules: MealRulesFormState;
  categoriesNotice?: string;
  /** A refused categories form's problem, beside its boxes. */
  categoriesErrors?: FieldErrors;
  syncNotice?: string;
  syncFailed?: boolean;
  historical?: HistoricalFormState;
  privacyNotice?: string;
  privacyErrors?: FieldErrors;
  schedule: ScheduleFormState;
}

export function SettingsPage({ kitchen, data, state, now }: { kitchen: KitchenMembership; data: SettingsData; state: SettingsPageState; now: Date }) {
  return (
    <>
      <h1>Settings</h1>
      <section class="card">
        <h2>Overview</h2>
        <SetupList setup={data.setup} timeZone={kitchen.timeZone} />
      </section>
      <NewbookSection slug={kitchen.slug} setup={data.setup} timeZone={kitchen.timeZone} state={state.newbook} />
      <ResosSection slug={kitchen.slug} setup={data.setup} resos={data.resos} timeZone={kitchen.timeZone} state={state.resos} />
      <ScheduleSection slug={kitchen.slug} setup={data.setup} timeZone={kitchen.timeZone} now={now} state={state.schedule} />
      <SyncSection
        slug={kitchen.slug}
        setup={data.setup}
        runs={data.recentRuns}
        timeZone={kitchen.timeZone}
        notice={state.syncNotice}
        failed={state.syncFailed}
        historical={state.historical}
      />
      <MealRulesSection slug={kitchen.slug} detected={data.detected} state={state.mealRules} />
      <CategoriesSection slug={kitchen.slug} categories={data.categories} notice={state.categoriesNotice} errors={state.categoriesErrors} />
      <PrivacySection slug={kitchen.slug} showGuestNames={kitchen.showGuestNames} notice={state.privacyNotice} errors={state.privacyErrors} />
      <TokensSection slug={kitchen.slug} tokens={data.tokens} timeZone={kitchen.timeZone} />
    </>
  );
}
