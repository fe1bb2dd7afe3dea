// Admin settings: the Newbook connection (save, test), meal rules, room categories, and
// "Sync now". Each form works as a plain POST (redirect after success, the page again with
// errors) and with htmx (its section as a fragment, errors included).
import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import * as z from "zod";
import type { AppEnv } from "../app-env";
import { requireKitchenRole } from "../auth/middleware";
import { encryptForKitchen, importCredentialsKey } from "../crypto/credentials";
import { loadSettingsPage, type SettingsPageData } from "../db/kitchen-setup";
import { loadNewbookCredentials } from "../db/newbook-connection";
import { kitchens, mealRules, newbookConnections, roomCategories } from "../db/schema";
import { todayInZone } from "../domain/dates";
import { DEFAULT_MEAL_RULES, parseMealRules, type MealRules } from "../domain/meal-rules";
import { NewbookClient, type NewbookCredentials } from "../newbook/client";
import { NewbookError } from "../newbook/errors";
import { newbookTransport } from "../newbook/transport";
import { cancelQueuedSync, startQueuedSync, type QueuedStart } from "../sync/queued-sync";
import { HistoricalRangeInput } from "../sync/sync-ranges";
import { CategoriesSection, CATEGORIES_SECTION_ID } from "../views/settings/categories-section";
import { MealRulesSection, mealRulesFormValues, MEAL_RULES_SECTION_ID, type MealRulesFormState } from "../views/settings/meal-rules-section";
import { NewbookSection, NEWBOOK_SECTION_ID, type NewbookFormState } from "../views/settings/newbook-section";
import { SettingsPage, type SettingsPageState } from "../views/settings/page";
import { PrivacySection, PRIVACY_SECTION_ID } from "../views/settings/privacy-section";
import { ScheduleSection, SCHEDULE_SECTION_ID, type ScheduleFormState } from "../views/settings/schedule-section";
import { saveScheduleSettings, ScheduleSettings } from "../sync/schedule-settings";
import { SyncSection, SYNC_SECTION_ID, type HistoricalFormState } from "../views/settings/sync-section";
import { isHtmx } from "./htmx";

const CONNECTION_TEST_TIMEOUT_MS = 15_000;

/** Messages a redirect may carry back, by key: nothing from the URL is ever shown as is. */
const NOTICES = {
  "newbook-saved": { section: NEWBOOK_SECTION_ID, text: "Saved. The credentials are stored encrypted." },
  "meal-rules-saved": { section: MEAL_RULES_SECTION_ID, text: "Saved. The rules apply from the next sync." },
  "categories-saved": { section: CATEGORIES_SECTION_ID, text: "Saved. The totals follow from the next sync." },
  "sync-started": { section: SYNC_SECTION_ID, text: "Sync started. Its progress shows below; the run joins the list when it ends." },
  "sync-running": { section: SYNC_SECTION_ID, text: "A sync is running already: its result shows below when it finishes." },
  "sync-cancelled": { section: SYNC_SECTION_ID, text: "Cancelled. The sync stops before its next chunk; the nights synced by then are kept." },
  "sync-not-running": { section: SYNC_SECTION_ID, text: "There was no Sync now or range running to cancel. (A scheduled sync cannot be cancelled: it ends by itself.)" },
  "sync-unavailable": { section: SYNC_SECTION_ID, text: "The sync could not be started just now; nothing was changed. Try again in a moment." },
  "privacy-saved": { section: PRIVACY_SECTION_ID, text: "Saved." },
  "schedule-saved": { section: SCHEDULE_SECTION_ID, text: "Saved. The next sync is due as shown." },
} as const;
type NoticeKey = keyof typeof NOTICES;


function storedRules(data: SettingsPageData): MealRules {
  if (!data.mealRulesJson) return DEFAULT_MEAL_RULES;
  try {
    const parsed = parseMealRules(JSON.parse(data.mealRulesJson));
    return parsed.ok ? parsed.rules : DEFAULT_MEAL_RULES;
  } catch {
    return DEFAULT_MEAL_RULES;
  }
}

function pageState(data: SettingsPageData, notice: NoticeKey | undefined, overrides: Partial<SettingsPageState> = {}): SettingsPageState {
  const text = (key: NoticeKey) => (notice === key ? NOTICES[key].text : undefined);
  return {
    newbook: { notice: text("newbook-saved") },
    mealRules: { values: mealRulesFormValues(storedRules(data)), notice: text("meal-rules-saved") },
    categoriesNotice: text("categories-saved"),
    syncNotice: text("sync-started") ?? text("sync-running") ?? text("sync-cancelled") ?? text("sync-not-running") ?? text("sync-unavailable"),
    syncFailed: notice === "sync-unavailable",
    privacyNotice: text("privacy-saved"),
    schedule: { notice: text("schedule-saved") },
    ...overrides,
  };
}

async function loadData(c: Context<AppEnv>): Promise<SettingsPageData> {
  const kitchen = c.var.kitchen;
  return loadSettingsPage(c.var.db, kitchen.id, todayInZone(kitchen.timeZone, c.var.now));
}

/**
 * After a POST: htmx gets the section (status as given); a plain form gets a redirect on
 * success, or the whole page with the section's state when something needs fixing.
 */
async function answer(
  c: Context<AppEnv>,
  options: { status: 200 | 422 | 502; section: (data: SettingsPageData) => Child; redirectNotice?: NoticeKey; state?: Partial<SettingsPageState> },
): Promise<Response> {
  c.header("Vary", "HX-Request");
  const kitchen = c.var.kitchen;
  if (!isHtmx(c) && options.redirectNotice) {
    return c.redirect(`/k/${kitchen.slug}/settings?notice=${options.redirectNotice}#${NOTICES[options.redirectNotice].section}`, 303);
  }
  const data = await loadData(c);
  if (isHtmx(c)) return c.html(<>{options.section(data)}</>, options.status);
  c.status(options.status);
  return c.render(<SettingsPage kitchen={kitchen} data={data} state={pageState(data, undefined, options.state)} now={c.var.now} />, { title: "Settings" });
}

const NewbookForm = z.object({
  username: z.string().trim().max(200, "At most 200 characters.").default(""),
  password: z.string().max(500, "At most 500 characters.").default(""),
  api_key: z.string().trim().max(500, "At most 500 characters.").default(""),
  region: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2,8}$/, "A short region code such as eu, au, us or nz."),
});

type NewbookFormResult = { ok: true; credentials: NewbookCredentials } | { ok: false; state: NewbookFormState };

/** The form's credentials, with empty fields taken from the stored connection; every problem at once. */
async function readNewbookForm(c: Context<AppEnv>): Promise<NewbookFormResult> {
  const body = await c.req.parseBody();
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const parsed = NewbookForm.safeParse({ username: text("username"), password: text("password"), api_key: text("api_key"), region: text("region") });
  const errors: NonNullable<NewbookFormState["errors"]> = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) errors[issue.path[0] as "username"] ??= issue.message;

  const stored = await loadNewbookCredentials(c.var.db, await importCredentialsKey(c.env.CREDENTIALS_KEY), c.var.kitchen.id);
  const username = text("username").trim() || stored?.username || "";
  const password = text("password") || stored?.password || "";
  const apiKey = text("api_key").trim() || stored?.apiKey || "";
  if (!username) errors.username ??= "Enter the username Newbook issued.";
  if (!password) errors.password ??= "Enter the password.";
  if (!apiKey) errors.api_key ??= "Enter the API key (instances_...).";

  if (!parsed.success || Object.keys(errors).length > 0) {
    return { ok: false, state: { username: text("username").trim(), region: text("region").trim(), errors } };
  }
  return { ok: true, credentials: { username, password, apiKey, region: parsed.data.region } };
}

async function testConnection(c: Context<AppEnv>, credentials: NewbookCredentials): Promise<{ ok: boolean; message: string }> {
  try {
    const transport = newbookTransport(c.env);
    const client = new NewbookClient({ ...transport, credentials, timeoutMs: CONNECTION_TEST_TIMEOUT_MS });
    await client.authTest();
    const sites = await client.sitesList();
    const categories = new Set(sites.rows.map((site) => site.category_id ?? "none")).size;
    return { ok: true, message: `Newbook accepted these credentials: ${sites.rows.length} rooms in ${categories} categories. Save to keep them.` };
  } catch (error) {
    if (error instanceof NewbookError) return { ok: false, message: error.message };
    throw error;
  }
}

function startNotice(result: QueuedStart): NoticeKey {
  return result.started ? "sync-started" : result.reason === "running" ? "sync-running" : "sync-unavailable";
}

const syncSection =
  (c: Context<AppEnv>, state: { notice?: NoticeKey; historical?: HistoricalFormState }) =>
  (data: SettingsPageData) => (
    <SyncSection
      slug={c.var.kitchen.slug}
      setup={data.setup}
      runs={data.recentRuns}
      timeZone={c.var.kitchen.timeZone}
      notice={state.notice && NOTICES[state.notice].text}
      failed={state.notice === "sync-unavailable"}
      historical={state.historical}
    />
  );

const newbookSection = (c: Context<AppEnv>, state: NewbookFormState) => (data: SettingsPageData) => (
  <NewbookSection slug={c.var.kitchen.slug} setup={data.setup} timeZone={c.var.kitchen.timeZone} state={state} />
);

// Mounted at /k/:slug/settings, behind the membership check; everything here is for admins.
export const settingsRoutes = new Hono<AppEnv>()
  .use(requireKitchenRole("admin"))
  .get("/", async (c) => {
    const notice = c.req.query("notice");
    const data = await loadData(c);
    const state = pageState(data, notice && notice in NOTICES ? (notice as NoticeKey) : undefined);
    return c.render(<SettingsPage kitchen={c.var.kitchen} data={data} state={state} now={c.var.now} />, { title: "Settings" });
  })
  .post("/newbook", async (c) => {
    const form = await readNewbookForm(c);
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
  .post("/newbook/test", async (c) => {
    const form = await readNewbookForm(c);
    const state: NewbookFormState = form.ok
      ? { username: "", region: form.credentials.region, test: await testConnection(c, form.credentials) }
      : form.state;
    const status = !form.ok ? 422 : state.test?.ok ? 200 : 502;
    return answer(c, { status, section: newbookSection(c, state), state: { newbook: state } });
  })
  .post("/meal-rules", async (c) => {
    const body = await c.req.parseBody();
    const entered = Object.fromEntries(
      (Object.keys(DEFAULT_MEAL_RULES) as (keyof MealRules)[]).map((key) => [key, typeof body[key] === "string" ? (body[key] as string) : ""]),
    ) as Record<keyof MealRules, string>;
    const parsed = parseMealRules(Object.fromEntries(Object.entries(entered).map(([key, text]) => [key, text.split(/\r?\n/)])));
    const section = (state: MealRulesFormState) => (data: SettingsPageData) => (
      <MealRulesSection slug={c.var.kitchen.slug} detected={data.detected} state={state} />
    );
    if (!parsed.ok) {
      const state = { values: entered, errors: parsed.errors };
      return answer(c, { status: 422, section: section(state), state: { mealRules: state } });
    }
    const rulesJson = JSON.stringify(parsed.rules);
    const updatedAt = c.var.now.toISOString();
    await c.var.db
      .insert(mealRules)
      .values({ kitchenId: c.var.kitchen.id, rulesJson, updatedAt })
      .onConflictDoUpdate({ target: mealRules.kitchenId, set: { rulesJson, updatedAt } });
    const saved = { values: mealRulesFormValues(parsed.rules), notice: NOTICES["meal-rules-saved"].text };
    return answer(c, { status: 200, section: section(saved), redirectNotice: "meal-rules-saved" });
  })
  .post("/categories", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const included = ([] as unknown[]).concat(body.include ?? []).filter((value): value is string => typeof value === "string");
    await c.var.db
      .update(roomCategories)
      .set({ includeInCounts: sql`${roomCategories.categoryId} IN (SELECT value FROM json_each(${JSON.stringify(included)}))` })
      .where(eq(roomCategories.kitchenId, c.var.kitchen.id));
    return answer(c, {
      status: 200,
      section: (data) => <CategoriesSection slug={c.var.kitchen.slug} categories={data.categories} notice={NOTICES["categories-saved"].text} />,
      redirectNotice: "categories-saved",
    });
  })
  .post("/schedule", async (c) => {
    const body = await c.req.parseBody();
    const entered = {
      enabled: body.enabled === "on",
      intervalMinutes: typeof body.interval_minutes === "string" ? body.interval_minutes : "",
      daysAhead: typeof body.days_ahead === "string" ? body.days_ahead : "",
      alertWebhookUrl: typeof body.alert_webhook_url === "string" ? body.alert_webhook_url : "",
    };
    const kitchen = c.var.kitchen;
    const section = (state: ScheduleFormState) => (data: SettingsPageData) => (
      <ScheduleSection slug={kitchen.slug} setup={data.setup} timeZone={kitchen.timeZone} now={c.var.now} state={state} />
    );
    const parsed = ScheduleSettings.safeParse(entered);
    if (!parsed.success) {
      const state = { error: `Not saved: ${parsed.error.issues[0]!.message}.`, entered };
      return answer(c, { status: 422, section: section(state), state: { schedule: state } });
    }
    await saveScheduleSettings(c.env, kitchen.id, parsed.data);
    return answer(c, { status: 200, section: section({ notice: NOTICES["schedule-saved"].text }), redirectNotice: "schedule-saved" });
  })
  .post("/privacy", async (c) => {
    const show = (await c.req.parseBody()).show_guest_names === "on";
    await c.var.db.update(kitchens).set({ showGuestNames: show }).where(eq(kitchens.id, c.var.kitchen.id));
    c.var.kitchen.showGuestNames = show;
    return answer(c, {
      status: 200,
      section: () => <PrivacySection slug={c.var.kitchen.slug} showGuestNames={show} notice={NOTICES["privacy-saved"].text} />,
      redirectNotice: "privacy-saved",
    });
  })
  .get("/sync", async (c) => {
    // The sync section alone: what a page with a running sync polls for its progress.
    if (!isHtmx(c)) return c.redirect(`/k/${c.var.kitchen.slug}/settings#${SYNC_SECTION_ID}`, 303);
    c.header("Vary", "HX-Request");
    c.header("Cache-Control", "no-store");
    return c.html(<>{syncSection(c, {})(await loadData(c))}</>);
  })
  .post("/sync", async (c) => {
    const notice = startNotice(await startQueuedSync(c.env, c.var.kitchen.id, "manual", null, c.var.now));
    return answer(c, { status: 200, section: syncSection(c, { notice }), redirectNotice: notice });
  })
  .post("/sync/historical", async (c) => {
    const body = await c.req.parseBody();
    const entered = { dateFrom: typeof body.date_from === "string" ? body.date_from : "", dateTo: typeof body.date_to === "string" ? body.date_to : "" };
    const parsed = HistoricalRangeInput.safeParse({ date_from: entered.dateFrom, date_to: entered.dateTo });
    if (!parsed.success) {
      const historical = { ...entered, error: `Not started: ${parsed.error.issues[0]!.message.replace(/date_from/g, "the first date").replace(/date_to/g, "the last date")}.` };
      return answer(c, { status: 422, section: syncSection(c, { historical }), state: { historical } });
    }
    const notice = startNotice(await startQueuedSync(c.env, c.var.kitchen.id, "historical", parsed.data, c.var.now));
    return answer(c, { status: 200, section: syncSection(c, { notice }), redirectNotice: notice });
  })
  .post("/sync/cancel", async (c) => {
    const cancelled = await cancelQueuedSync(c.env, c.var.kitchen.id, null, c.var.user!.email);
    const notice: NoticeKey = cancelled ? "sync-cancelled" : "sync-not-running";
    return answer(c, { status: 200, section: syncSection(c, { notice }), redirectNotice: notice });
  });
