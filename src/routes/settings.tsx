// Admin settings: the Newbook connection (save, test), the resOS one (resos-settings.tsx),
// the schedule, Sync now and ranges, meal rules, room categories and guest names. Each
// form works as a plain POST (redirect after success, the page again with the problems
// beside their fields) and with htmx (its section as a fragment, problems included, 422
// when refused).
import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../app-env";
import { requireKitchenRole } from "../auth/middleware";
import { encryptForKitchen, importCredentialsKey } from "../crypto/credentials";
import { loadSettingsPage, unknownCategoryIds, type SettingsPageData } from "../db/kitchen-setup";
import { loadNewbookCredentials } from "../db/newbook-connection";
import { loadPersonalDataPage, saveRetention } from "../db/personal-data-page";
import { kitchens, mealRules, newbookConnections, roomCategories } from "../db/schema";
import { upcomingRange } from "../domain/date-range";
import { isSupportedDate, todayInZone } from "../domain/dates";
import { DEFAULT_MEAL_RULES, parseMealRules, readStoredMealRules } from "../domain/meal-rules";
import { PAGE_SLOT_BUDGET_MS, sharedCallSlots } from "../limits/shared-call-slots";
import { NEWBOOK_CALL_RATE, NewbookClient, type NewbookCredentials } from "../newbook/client";
import { NewbookError } from "../newbook/errors";
import { newbookTransport, simulatorsEnabled } from "../newbook/transport";
import { cancelRun, runRequest, saveSchedule, startRun, type StartAnswer } from "../sync/run-control";
import type { FieldErrors } from "../views/form-fields";
import { CategoriesSection, CATEGORIES_SECTION_ID } from "../views/settings/categories-section";
import { MealRulesSection, mealRulesFormValues, MEAL_RULES_SECTION_ID, type MealRulesFormState } from "../views/settings/meal-rules-section";
import { NewbookSection, NEWBOOK_SECTION_ID, type NewbookFormState } from "../views/settings/newbook-section";
import { SettingsPage, type SettingsData, type SettingsPageState } from "../views/settings/page";
import { PersonalDataPage, RetentionSection, RETENTION_SECTION_ID, type RetentionFormState } from "../views/settings/personal-data-page";
import { PrivacySection, PRIVACY_SECTION_ID } from "../views/settings/privacy-section";
import { renderErrorPage } from "../views/error-page";
import { plural } from "../views/format";
import { ScheduleSection, SCHEDULE_SECTION_ID, type ScheduleFormState } from "../views/settings/schedule-section";
import { endedRun, SyncSection, SYNC_SECTION_ID, type HistoricalFormState } from "../views/settings/sync-section";
import { AccessLogQuery, CancelForm, CategoriesForm, MealRulesForm, NewbookForm, PrivacyForm, RangeInput, RetentionForm, ScheduleForm } from "./inputs";
import { KitchenBannerSlot } from "../views/layout";
import { fragmentOrPage, isHtmx } from "./respond";
import { RESOS_NOTICES, resosSettingsRoutes } from "./resos-settings";
import { formInput } from "./validation";

const CONNECTION_TEST_TIMEOUT_MS = 15_000;

/** Messages a redirect may carry back, by key: nothing from the URL is ever shown as is. */
const NOTICES = {
  "newbook-saved": { section: NEWBOOK_SECTION_ID, text: "Saved. The credentials are stored encrypted." },
  "meal-rules-saved": { section: MEAL_RULES_SECTION_ID, text: "Saved. The rules apply from the next sync." },
  "categories-saved": { section: CATEGORIES_SECTION_ID, text: "Saved. The totals follow from the next sync." },
  "sync-started": { section: SYNC_SECTION_ID, text: "Sync started. Its progress shows below; the run joins the list when it ends." },
  "sync-running": { section: SYNC_SECTION_ID, text: "A sync is running already: its result shows below when it finishes." },
  "sync-cancelled": { section: SYNC_SECTION_ID, text: "Cancelled. The sync stops before its next chunk; the nights synced by then are kept." },
  "sync-not-running": { section: SYNC_SECTION_ID, text: "There was no sync running to cancel: it had ended already." },
  "sync-unavailable": { section: SYNC_SECTION_ID, text: "The sync could not be started just now; nothing was changed. Try again in a moment." },
  "privacy-saved": { section: PRIVACY_SECTION_ID, text: "Saved." },
  "schedule-saved": { section: SCHEDULE_SECTION_ID, text: "Saved. The next sync is due as shown." },
  ...RESOS_NOTICES,
} as const;
type NoticeKey = keyof typeof NOTICES;

const SCHEDULE_NOT_SAVED = "Not saved: the schedule could not be stored just now. Try again in a moment.";

function pageState(data: SettingsPageData, notice: NoticeKey | undefined, overrides: Partial<SettingsPageState> = {}): SettingsPageState {
  const text = (key: NoticeKey) => (notice === key ? NOTICES[key].text : undefined);
  return {
    newbook: { notice: text("newbook-saved") },
    resos: { notice: text("resos-saved") ?? text("resos-reread") ?? text("resos-mapping-saved") },
    mealRules: { values: mealRulesFormValues(readStoredMealRules(data.mealRulesJson).rules), notice: text("meal-rules-saved") },
    categoriesNotice: text("categories-saved"),
    syncNotice: text("sync-started") ?? text("sync-running") ?? text("sync-cancelled") ?? text("sync-not-running") ?? text("sync-unavailable"),
    syncFailed: notice === "sync-unavailable",
    privacyNotice: text("privacy-saved"),
    schedule: { notice: text("schedule-saved") },
    ...overrides,
  };
}

async function loadData(c: Context<AppEnv>): Promise<SettingsData> {
  const kitchen = c.var.kitchen;
  return loadSettingsPage(c.var.db, kitchen.id, todayInZone(kitchen.timeZone, c.var.now));
}

/**
 * After a POST: a plain form that succeeded is redirected back to its section with a
 * notice; otherwise htmx gets the section and a plain form the whole page, with the
 * section's state (its problems, or what happened).
 */
async function answer(
  c: Context<AppEnv>,
  options: { status: ContentfulStatusCode; section: (data: SettingsData) => Child; redirectNotice?: NoticeKey; state?: Partial<SettingsPageState> },
): Promise<Response> {
  const kitchen = c.var.kitchen;
  if (!isHtmx(c) && options.redirectNotice) {
    c.header("Vary", "HX-Request");
    return c.redirect(`/k/${kitchen.slug}/settings?notice=${options.redirectNotice}#${NOTICES[options.redirectNotice].section}`, 303);
  }
  const data = await loadData(c);
  return fragmentOrPage(c, {
    title: "Settings",
    status: options.status,
    fragment: () => options.section(data),
    page: () => <SettingsPage kitchen={kitchen} data={data} state={pageState(data, undefined, options.state)} now={c.var.now} />,
  });
}

/** The form's credentials, with empty fields taken from the stored connection; what is missing, by field. */
async function newbookCredentials(
  c: Context<AppEnv>,
  form: { username: string; password: string; api_key: string; region: string },
): Promise<{ ok: true; credentials: NewbookCredentials } | { ok: false; state: NewbookFormState }> {
  const stored = await loadNewbookCredentials(c.var.db, await importCredentialsKey(c.env.CREDENTIALS_KEY), c.var.kitchen.id);
  const username = form.username || stored?.username || "";
  const password = form.password || stored?.password || "";
  const apiKey = form.api_key || stored?.apiKey || "";
  const errors: FieldErrors = {};
  if (!username) errors.username = "Enter the username Newbook issued.";
  if (!password) errors.password = "Enter the password.";
  if (!apiKey) errors.api_key = "Enter the API key (instances_...).";
  if (Object.keys(errors).length > 0) return { ok: false, state: { username: form.username, region: form.region, errors } };
  return { ok: true, credentials: { username, password, apiKey, region: form.region } };
}

async function testConnection(c: Context<AppEnv>, credentials: NewbookCredentials): Promise<{ ok: boolean; message: string }> {
  try {
    const transport = newbookTransport(c.env.NEWBOOK_BASE_URL, simulatorsEnabled(c.env.SIMULATORS));
    const pacer = sharedCallSlots(c.env, { rate: NEWBOOK_CALL_RATE, kitchenId: c.var.kitchen.id, budgetMs: PAGE_SLOT_BUDGET_MS });
    const client = new NewbookClient({ ...transport, credentials, timeoutMs: CONNECTION_TEST_TIMEOUT_MS, pacer });
    await client.authTest();
    const sites = await client.sitesList();
    const categories = new Set(sites.rows.map((site) => site.category_id ?? "none")).size;
    return { ok: true, message: `Newbook accepted these credentials: ${sites.rows.length} rooms in ${categories} categories. Save to keep them.` };
  } catch (error) {
    if (error instanceof NewbookError) return { ok: false, message: error.message };
    throw error;
  }
}

function startNotice(result: StartAnswer): NoticeKey {
  return result.started ? "sync-started" : result.reason === "running" ? "sync-running" : "sync-unavailable";
}

const syncSection =
  (c: Context<AppEnv>, state: { notice?: NoticeKey; historical?: HistoricalFormState; watching?: number | null }) =>
  (data: SettingsPageData) => (
    <SyncSection
      slug={c.var.kitchen.slug}
      setup={data.setup}
      runs={data.recentRuns}
      timeZone={c.var.kitchen.timeZone}
      notice={state.notice && NOTICES[state.notice].text}
      failed={state.notice === "sync-unavailable"}
      historical={state.historical}
      watching={state.watching ?? null}
    />
  );

const newbookSection = (c: Context<AppEnv>, state: NewbookFormState) => (data: SettingsPageData) => (
  <NewbookSection slug={c.var.kitchen.slug} setup={data.setup} timeZone={c.var.kitchen.timeZone} state={state} />
);

const scheduleSection = (c: Context<AppEnv>, state: ScheduleFormState) => (data: SettingsPageData) => (
  <ScheduleSection slug={c.var.kitchen.slug} setup={data.setup} timeZone={c.var.kitchen.timeZone} now={c.var.now} state={state} />
);

const mealRulesSection = (c: Context<AppEnv>, state: MealRulesFormState) => (data: SettingsPageData) => (
  <MealRulesSection slug={c.var.kitchen.slug} detected={data.detected} state={state} />
);

/** A refused Newbook form: its section again, with what was typed (never a secret) and the problems. */
const refusedNewbook = formInput(NewbookForm, (c, { errors, entered }) => {
  const state: NewbookFormState = { username: entered.username?.trim(), region: entered.region?.trim(), errors };
  return answer(c, { status: 422, section: newbookSection(c, state), state: { newbook: state } });
});

const RETENTION_SAVED = "Saved.";

/** The retention section for htmx, or the personal-data page around it. */
async function answerRetention(c: Context<AppEnv>, status: ContentfulStatusCode, state: RetentionFormState): Promise<Response> {
  const data = await loadPersonalDataPage(c.var.db, c.var.kitchen.id, 1);
  return fragmentOrPage(c, {
    title: "Personal data",
    status,
    fragment: () => <RetentionSection slug={c.var.kitchen.slug} data={data} state={state} />,
    page: () => <PersonalDataPage kitchen={c.var.kitchen} data={data} state={state} />,
  });
}

// Mounted at /k/:slug/settings, behind the membership check; everything here is for admins.
export const settingsRoutes = new Hono<AppEnv>()
  .use(requireKitchenRole("admin"))
  .get("/", async (c) => {
    const notice = c.req.query("notice");
    const data = await loadData(c);
    // A link from a night never synced (Tonight, the chart) fills in the range to sync.
    const [from, to] = [c.req.query("sync_from"), c.req.query("sync_to")].map((date) => (date !== undefined && isSupportedDate(date) ? date : undefined));
    const state = pageState(data, notice && notice in NOTICES ? (notice as NoticeKey) : undefined, from && to ? { historical: { dateFrom: from, dateTo: to } } : {});
    return c.render(<SettingsPage kitchen={c.var.kitchen} data={data} state={state} now={c.var.now} />, { title: "Settings" });
  })
  .post("/newbook", refusedNewbook, async (c) => {
    const form = await newbookCredentials(c, c.req.valid("form"));
    if (!form.ok) return answer(c, { status: 422, section: newbookSection(c, form.state), state: { newbook: form.state } });
    const { username, password, apiKey, region } = form.credentials;
    const kitchenId = c.var.kitchen.id;
    const ciphertext = await encryptForKitchen(await importCredentialsKey(c.env.CREDENTIALS_KEY), kitchenId, JSON.stringify({ username, password, apiKey }));
    const updatedAt = c.var.now.toISOString();
    await c.var.db
      .insert(newbookConnections)
      .values({ kitchenId, region, credentialsCiphertext: ciphertext, updatedAt })
      .onConflictDoUpdate({ target: newbookConnections.kitchenId, set: { region, credentialsCiphertext: ciphertext, updatedAt } });
    return answer(c, { status: 200, section: newbookSection(c, { notice: NOTICES["newbook-saved"].text }), redirectNotice: "newbook-saved" });
  })
  .post("/newbook/test", refusedNewbook, async (c) => {
    const form = await newbookCredentials(c, c.req.valid("form"));
    const state: NewbookFormState = form.ok ? { region: form.credentials.region, test: await testConnection(c, form.credentials) } : form.state;
    const status = !form.ok ? 422 : state.test?.ok ? 200 : 502;
    return answer(c, { status, section: newbookSection(c, state), state: { newbook: state } });
  })
  .route("/resos", resosSettingsRoutes(answer))
  .post(
    "/meal-rules",
    formInput(MealRulesForm, (c, { errors, entered }) => {
      const values = { ...mealRulesFormValues(DEFAULT_MEAL_RULES), ...entered } as MealRulesFormState["values"];
      const state = { values, errors };
      return answer(c, { status: 422, section: mealRulesSection(c, state), state: { mealRules: state } });
    }),
    async (c) => {
      const entered = c.req.valid("form");
      const parsed = parseMealRules(entered);
      if (!parsed.ok) {
        const state = { values: entered, errors: parsed.byList };
        return answer(c, { status: 422, section: mealRulesSection(c, state), state: { mealRules: state } });
      }
      const rulesJson = JSON.stringify(parsed.rules);
      const updatedAt = c.var.now.toISOString();
      await c.var.db
        .insert(mealRules)
        .values({ kitchenId: c.var.kitchen.id, rulesJson, updatedAt })
        .onConflictDoUpdate({ target: mealRules.kitchenId, set: { rulesJson, updatedAt } });
      const saved = { values: mealRulesFormValues(parsed.rules), notice: NOTICES["meal-rules-saved"].text };
      return answer(c, { status: 200, section: mealRulesSection(c, saved), redirectNotice: "meal-rules-saved" });
    },
  )
  .post(
    "/categories",
    formInput(CategoriesForm, (c, { errors }) =>
      answer(c, { status: 422, section: (data) => <CategoriesSection slug={c.var.kitchen.slug} categories={data.categories} errors={errors} />, state: { categoriesErrors: errors } }),
    ),
    async (c) => {
      const { include } = c.req.valid("form");
      // Only the kitchen's own categories can be ticked: anything else is refused, and nothing saved.
      const unknown = await unknownCategoryIds(c.var.db, c.var.kitchen.id, include);
      if (unknown.length > 0) {
        const errors = { include: `This kitchen has no room category ${JSON.stringify(unknown[0]!.slice(0, 40))}${unknown.length > 1 ? ` (nor ${unknown.length - 1} more)` : ""}; reload the page and tick the boxes again. Nothing was saved.` };
        return answer(c, { status: 422, section: (data) => <CategoriesSection slug={c.var.kitchen.slug} categories={data.categories} errors={errors} />, state: { categoriesErrors: errors } });
      }
      await c.var.db
        .update(roomCategories)
        .set({ includeInCounts: sql`${roomCategories.categoryId} IN (SELECT value FROM json_each(${JSON.stringify(include)}))` })
        .where(eq(roomCategories.kitchenId, c.var.kitchen.id));
      return answer(c, {
        status: 200,
        section: (data) => <CategoriesSection slug={c.var.kitchen.slug} categories={data.categories} notice={NOTICES["categories-saved"].text} />,
        redirectNotice: "categories-saved",
      });
    },
  )
  .post(
    "/schedule",
    formInput(ScheduleForm, (c, { errors, entered }) => {
      const state = { errors, entered };
      return answer(c, { status: 422, section: scheduleSection(c, state), state: { schedule: state } });
    }),
    async (c) => {
      if (!(await saveSchedule(c.env, c.var.kitchen.id, c.req.valid("form")))) {
        const state = { failed: SCHEDULE_NOT_SAVED };
        return answer(c, { status: 503, section: scheduleSection(c, state), state: { schedule: state } });
      }
      return answer(c, { status: 200, section: scheduleSection(c, { notice: NOTICES["schedule-saved"].text }), redirectNotice: "schedule-saved" });
    },
  )
  .post(
    "/privacy",
    formInput(PrivacyForm, (c, { errors }) =>
      answer(c, { status: 422, section: () => <PrivacySection slug={c.var.kitchen.slug} showGuestNames={c.var.kitchen.showGuestNames} errors={errors} />, state: { privacyErrors: errors } }),
    ),
    async (c) => {
      const show = c.req.valid("form").show_guest_names;
      await c.var.db.update(kitchens).set({ showGuestNames: show }).where(eq(kitchens.id, c.var.kitchen.id));
      c.var.kitchen.showGuestNames = show;
      return answer(c, {
        status: 200,
        section: () => <PrivacySection slug={c.var.kitchen.slug} showGuestNames={show} notice={NOTICES["privacy-saved"].text} />,
        redirectNotice: "privacy-saved",
      });
    },
  )
  .get("/personal-data", async (c) => {
    const notice = c.req.query("notice");
    const query = AccessLogQuery.safeParse({ page: c.req.query("page") || undefined });
    if (!query.success) {
      return renderErrorPage(c, 400, "No such page of the log", `page ${query.error.issues[0]!.message}; the newest entries are on page 1.`);
    }
    const data = await loadPersonalDataPage(c.var.db, c.var.kitchen.id, query.data.page);
    return c.render(<PersonalDataPage kitchen={c.var.kitchen} data={data} state={{ notice: notice === "retention-saved" ? RETENTION_SAVED : undefined }} />, {
      title: "Personal data",
    });
  })
  .post(
    "/personal-data/retention",
    formInput(RetentionForm, (c, { errors, entered }) => answerRetention(c, 422, { errors, entered })),
    async (c) => {
      const days = c.req.valid("form").retention_days;
      const purged = await saveRetention(c.var.db, c.var.kitchen.id, days, c.var.now);
      if (!isHtmx(c)) {
        c.header("Vary", "HX-Request");
        return c.redirect(`/k/${c.var.kitchen.slug}/settings/personal-data?notice=retention-saved#${RETENTION_SECTION_ID}`, 303);
      }
      const removed = purged.roomNights + purged.tableBookings;
      return answerRetention(c, 200, { notice: removed > 0 ? `${RETENTION_SAVED} Personal data was removed from ${plural(purged.roomNights, "room-night")} and ${plural(purged.tableBookings, "table")}.` : RETENTION_SAVED });
    },
  )
  .get("/sync", async (c) => {
    // The sync section alone: what a page with a running sync polls for its progress.
    if (!isHtmx(c)) return c.redirect(`/k/${c.var.kitchen.slug}/settings#${SYNC_SECTION_ID}`, 303);
    c.header("Cache-Control", "no-store");
    c.header("Vary", "HX-Request");
    const watched = c.req.query("watching");
    const watching = watched !== undefined && /^[1-9]\d{0,15}$/.test(watched) ? Number(watched) : null;
    const data = await loadData(c);
    const ended = endedRun(data.recentRuns, watching) !== undefined;
    return c.html(
      <>
        {syncSection(c, { watching })(data)}
        {/* The run the page followed has ended: the banner above follows without a reload. */}
        {ended ? <KitchenBannerSlot kitchen={c.var.kitchen} now={c.var.now} outOfBand /> : null}
      </>,
    );
  })
  .post("/sync", async (c) => {
    const kitchen = c.var.kitchen;
    const range = upcomingRange(kitchen.timeZone, kitchen.sync.daysAhead, c.var.now);
    const started = await startRun(c.env, runRequest(kitchen.id, "manual", range, { resos: kitchen.sync.tablesConnected }));
    const notice = startNotice(started);
    return answer(c, { status: 200, section: syncSection(c, { notice, watching: started.started ? started.runId : null }), redirectNotice: notice });
  })
  .post(
    "/sync/historical",
    formInput(RangeInput, (c, { errors, entered }) => {
      const historical = { dateFrom: entered.date_from, dateTo: entered.date_to, errors };
      return answer(c, { status: 422, section: syncSection(c, { historical }), state: { historical } });
    }),
    async (c) => {
      const started = await startRun(c.env, runRequest(c.var.kitchen.id, "historical", c.req.valid("form"), { resos: c.var.kitchen.sync.tablesConnected }));
      const notice = startNotice(started);
      return answer(c, { status: 200, section: syncSection(c, { notice, watching: started.started ? started.runId : null }), redirectNotice: notice });
    },
  )
  .post(
    "/sync/cancel",
    formInput(CancelForm, (c) => answer(c, { status: 422, section: syncSection(c, { notice: "sync-not-running" }), state: { syncNotice: NOTICES["sync-not-running"].text } })),
    async (c) => {
      // The run the page showed: a cancel never stops a run started after it was drawn.
      const cancelled = await cancelRun(c.env, c.var.kitchen.id, c.req.valid("form").run_id, c.var.user!.email);
      const notice: NoticeKey = cancelled ? "sync-cancelled" : "sync-not-running";
      return answer(c, { status: 200, section: syncSection(c, { notice }), redirectNotice: notice });
    },
  );
