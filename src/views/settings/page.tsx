import type { KitchenMembership } from "../../auth/sessions";
import type { SettingsPageData } from "../../db/kitchen-setup";
import { SetupList } from "../setup-list";
import { CategoriesSection } from "./categories-section";
import { MealRulesSection, type MealRulesFormState } from "./meal-rules-section";
import { NewbookSection, type NewbookFormState } from "./newbook-section";
import { PrivacySection } from "./privacy-section";
import { ScheduleSection, type ScheduleFormState } from "./schedule-section";
import { SyncSection, type HistoricalFormState } from "./sync-section";
import { TokensSection } from "./tokens-section";

export interface SettingsPageState {
  newbook: NewbookFormState;
  mealRules: MealRulesFormState;
  categoriesNotice?: string;
  syncNotice?: string;
  syncFailed?: boolean;
  historical?: HistoricalFormState;
  privacyNotice?: string;
  schedule: ScheduleFormState;
}

export function SettingsPage({ kitchen, data, state, now }: { kitchen: KitchenMembership; data: SettingsPageData; state: SettingsPageState; now: Date }) {
  return (
    <>
      <h1>Settings</h1>
      <section class="card">
        <h2>Overview</h2>
        <SetupList setup={data.setup} timeZone={kitchen.timeZone} />
        <p class="muted">resOS is connected with the admin CLI for now:</p>
        <pre class="command">{`npm run admin -- resos connect --kitchen ${kitchen.slug} --api-key K`}</pre>
      </section>
      <NewbookSection slug={kitchen.slug} setup={data.setup} timeZone={kitchen.timeZone} state={state.newbook} />
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
      <CategoriesSection slug={kitchen.slug} categories={data.categories} notice={state.categoriesNotice} />
      <PrivacySection slug={kitchen.slug} showGuestNames={kitchen.showGuestNames} notice={state.privacyNotice} />
      <TokensSection slug={kitchen.slug} tokens={data.tokens} timeZone={kitchen.timeZone} />
    </>
  );
}
