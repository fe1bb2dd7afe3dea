// What each request may carry, as zod schemas read through validation.ts. Problems are
// phrases that follow the field's name ("days_ahead must be ..."). Numbers are read
// strictly: a form or query value is digits only ("0x0f", "1e1" and "15.0" are refused),
// a JSON value a whole number.
import * as z from "zod";
import { normalizeEmail } from "../auth/email";
import { dateProblem, rangeProblem } from "../domain/date-range";
import { isSupportedDate, type DateRange } from "../domain/dates";
import type { MappingChange, MappingPart } from "../domain/mapping-change";
import { MEAL_RULE_LISTS, type MealRules } from "../domain/meal-rules";
import { SERVICES } from "../domain/restaurant";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from "../domain/retention";
import { readServiceChoicesText } from "../domain/service-choices";
import { isSyncInterval, MAX_DAYS_AHEAD, SYNC_INTERVALS_MINUTES } from "../domain/sync-schedule";
import { typedTextProblem } from "../domain/typed-text";
import { SHEET_FILTERS } from "../views/tonight/service-sheet";

const OBJECT = "must be a JSON object";

/** A whole number typed into a form or a query string: digits only. */
function digits(phrase: string) {
  return z.string(phrase).regex(/^\d{1,9}$/, phrase).transform(Number);
}

/** Text typed into a one-line field: no control characters, nothing that was not UTF-8. */
function typedText(phrase = "must be text") {
  return z.string(phrase).superRefine((value, ctx) => {
    const problem = typedTextProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** A whole number in JSON: a number, not a string. */
function wholeNumber(phrase: string) {
  return z.number(phrase).int(phrase);
}

const INTERVAL = `must be one of ${SYNC_INTERVALS_MINUTES.join(", ")} (minutes)`;
const DAYS_AHEAD = `must be a whole number from 1 to ${MAX_DAYS_AHEAD}`;
const WEBHOOK = "must be a full https:// address, or empty for none";

const isDaysAhead = (value: number) => value >= 1 && value <= MAX_DAYS_AHEAD;

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Where the fifth failure in a row is POSTed: an https URL, or "" / null for none. */
const webhookUrl = z.preprocess(
  (value) => (value === null ? "" : value),
  typedText(WEBHOOK)
    .trim()
    .max(2000, "is too long: a webhook address is at most 2,000 characters")
    .refine((text) => text === "" || isHttpsUrl(text), WEBHOOK)
    .transform((text) => (text === "" ? null : text)),
);

/** A form's checkbox: sent as "on" when ticked, absent otherwise. */
const checkbox = z
  .literal("on", "must be ticked (on) or left out")
  .optional()
  .transform((value) => value === "on");

// ---- Ranges of nights -------------------------------------------------------------------------

const dateInput = z
  .string({ error: (issue) => (issue.input === undefined ? "is required (YYYY-MM-DD)" : Array.isArray(issue.input) ? "must be given once, as YYYY-MM-DD" : "must be a date as YYYY-MM-DD") })
  .superRefine((value, ctx) => {
    const problem = dateProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A range of nights to sync, from the form or as JSON: real dates, in order, at most a year. */
export const RangeInput = z
  .object({ date_from: dateInput, date_to: dateInput }, OBJECT)
  .superRefine((value, ctx) => {
    // Object checks run even when a date failed: only a pair of usable dates is a range.
    if (!isSupportedDate(value.date_from) || !isSupportedDate(value.date_to)) return;
    const problem = rangeProblem({ from: value.date_from, to: value.date_to });
    if (problem) ctx.addIssue({ code: "custom", path: ["date_to"], message: problem });
  })
  .transform((value): DateRange => ({ from: value.date_from, to: value.date_to }));

// ---- The schedule -----------------------------------------------------------------------------

export const ScheduleForm = z
  .object({
    enabled: checkbox,
    interval_minutes: digits(INTERVAL).refine(isSyncInterval, INTERVAL),
    days_ahead: digits(DAYS_AHEAD).refine(isDaysAhead, DAYS_AHEAD),
    alert_webhook_url: webhookUrl.optional().transform((value) => value ?? null),
  })
  .transform((form) => ({ enabled: form.enabled, intervalMinutes: form.interval_minutes, daysAhead: form.days_ahead, alertWebhookUrl: form.alert_webhook_url }));

/** The seed system's frequent-sync settings: any of its keys, the others kept as they are. */
export const ScheduleJson = z.object(
  {
    is_enabled: z.boolean("must be true or false").optional(),
    sync_interval_minutes: wholeNumber(INTERVAL).refine(isSyncInterval, INTERVAL).optional(),
    days_ahead: wholeNumber(DAYS_AHEAD).refine(isDaysAhead, DAYS_AHEAD).optional(),
    alert_webhook_url: webhookUrl.optional(),
  },
  OBJECT,
);

// ---- Settings forms ---------------------------------------------------------------------------

export const NewbookForm = z.object({
  username: typedText().trim().max(200, "must be at most 200 characters").default(""),
  password: typedText().max(500, "must be at most 500 characters").default(""),
  api_key: typedText().trim().max(500, "must be at most 500 characters").default(""),
  region: z
    .string("is required: a short region code such as eu, au, us or nz")
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2,8}$/, "must be a short region code such as eu, au, us or nz"),
});

/** Every list of the meal rules, one entry per line; a missing list is refused (empty must be sent as empty). */
export const MealRulesForm = z.object(
  Object.fromEntries(
    Object.keys(MEAL_RULE_LISTS).map((key) => [key, z.string("is required: send it empty to have no entries").max(20_000, "is too long")]),
  ) as Record<keyof MealRules, z.ZodString>,
);

export const CategoriesForm = z.object({
  include: z
    .union([z.string(), z.array(z.string())], "must be category ids")
    .optional()
    .transform((value) => (value === undefined ? [] : ([] as string[]).concat(value))),
});

export const PrivacyForm = z.object({ show_guest_names: checkbox });

const RETENTION = `must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`;

/** How many days of guests' personal data a kitchen keeps. */
export const RetentionForm = z.object({
  retention_days: digits(RETENTION).refine((days) => days >= MIN_RETENTION_DAYS && days <= MAX_RETENTION_DAYS, RETENTION),
});

const PAGE = "must be a page number, 1 or more";

/** A page of the personal-data access log: 1 (the newest) by default. */
export const AccessLogQuery = z.object({
  page: digits(PAGE)
    .refine((page) => page >= 1, PAGE)
    .optional()
    .transform((page) => page ?? 1),
});

/** Which run a page's cancel button was drawn for. */
export const CancelForm = z.object({ run_id: digits("must be a run's id") });

export const SignInForm = z.object({
  // An address no account can have is refused before it counts as a failed sign-in.
  email: z
    .string("is required")
    .transform(normalizeEmail)
    .pipe(z.string().min(1, "is required").max(254, "is too long").pipe(z.email("must be an email address, such as chef@hotel.example"))),
  password: z.string("is required").min(1, "is required").max(1024, "is too long"),
  next: z.string().optional(),
});

// ---- API queries and paths --------------------------------------------------------------------

const LIMIT = "must be a whole number from 1 to 100";

export const LogsQuery = z.object({
  limit: digits(LIMIT)
    .refine((value) => value >= 1 && value <= 100, LIMIT)
    .optional()
    .transform((value) => value ?? 20),
});

export const ChartQuery = z.object({
  start_date: z.string("must be given once").optional(),
  nights: z.string("must be given once").optional(),
});

/** Tonight's sheet: a night (default the kitchen's today) and which rooms to list. */
export const ServiceSheetQuery = z.object({
  date: dateInput.optional(),
  filter: z.enum(SHEET_FILTERS, `must be one of ${SHEET_FILTERS.join(", ")}`).optional(),
});

/** A day in a path, such as /api/resos/bookings/2026-11-21. */
export const DayPath = z.object({ date: dateInput });

/** A run's id in a path; anything else names no run. */
export const RunPath = z.object({ id: z.string().regex(/^[1-9]\d{0,15}$/, "must be a run's id").transform(Number) });

// ---- resOS ------------------------------------------------------------------------------------

/** The name each part of the resOS mapping has in the form and in the JSON API. */
export const RESOS_MAPPING_INPUTS = {
  bookingNumberFieldId: "booking_number_field_id",
  hotelGuestFieldId: "hotel_guest_field_id",
  dbbFieldId: "dbb_field_id",
  groupFieldId: "group_field_id",
  dietaryFieldIds: "dietary_field_ids",
  services: "services",
} as const satisfies Record<MappingPart, string>;

const FIELD_ID = "must be the id of one of the restaurant's custom fields";
const SERVICE_CHOICE = `must be one of ${SERVICES.join(", ")} for one of the restaurant's opening hours`;

/** An id resOS gave (a custom field's or an opening hour's). */
const resosId = (phrase: string) => z.string(phrase).trim().min(1, phrase).max(200, phrase);

/** Every value a form sent for a name it repeats (checkboxes, several selects): none is []. */
function repeated<T extends z.ZodType>(value: T, phrase: string) {
  return z
    .union([value, z.array(value)], phrase)
    .optional()
    .transform((given): z.output<T>[] => (given === undefined ? [] : ([] as z.output<T>[]).concat(given)));
}

/** The connection form: an empty key keeps the stored one. */
export const ResosConnectionForm = z.object({
  api_key: typedText().trim().max(500, "must be at most 500 characters").default(""),
});

/** A form's select of a custom field: "" is "none". */
const fieldSelect = z
  .string(`${FIELD_ID}, or none`)
  .trim()
  .max(200, `${FIELD_ID}, or none`)
  .transform((id) => (id === "" ? null : id));

const serviceSelect = z.string(SERVICE_CHOICE).transform((text, ctx) => {
  const choices = readServiceChoicesText(text);
  if (choices === null) ctx.addIssue({ code: "custom", message: SERVICE_CHOICE });
  return choices ?? [];
});

/** The mapping form: every select is sent (a select always is), the ticked dietary fields and one service per group of opening hours. */
export const ResosMappingForm = z
  .object({
    booking_number_field_id: fieldSelect,
    hotel_guest_field_id: fieldSelect,
    dbb_field_id: fieldSelect,
    group_field_id: fieldSelect,
    dietary_field_ids: repeated(resosId(FIELD_ID), FIELD_ID),
    services: repeated(serviceSelect, SERVICE_CHOICE),
  })
  .transform(
    (form): MappingChange => ({
      bookingNumberFieldId: form.booking_number_field_id,
      hotelGuestFieldId: form.hotel_guest_field_id,
      dbbFieldId: form.dbb_field_id,
      groupFieldId: form.group_field_id,
      dietaryFieldIds: form.dietary_field_ids,
      services: form.services.flat(),
    }),
  );

const nullableFieldId = resosId(`${FIELD_ID}, or null for none`).nullable().optional();

/** PATCH /api/resos/settings: any of its keys, the others kept as they are; an unknown key is refused. */
export const ResosSettingsPatch = z
  .strictObject(
    {
      booking_number_field_id: nullableFieldId,
      hotel_guest_field_id: nullableFieldId,
      dbb_field_id: nullableFieldId,
      group_field_id: nullableFieldId,
      dietary_field_ids: z.array(resosId(FIELD_ID), "must be a list of the restaurant's custom field ids").max(50, "may hold at most 50 fields").optional(),
      // What GET answers may be sent back as it is: `connected` and each service's `name` are read-only.
      connected: z.boolean("must be true or false (it is read-only)").optional(),
      services: z
        .array(
          z.strictObject(
            {
              opening_hour_id: resosId("must be the id of one of the restaurant's regular opening hours"),
              service: z.enum(SERVICES, `must be one of ${SERVICES.join(", ")}`),
              name: z.string("must be text (it is read-only)").max(500).optional(),
            },
            "must be a list of {opening_hour_id, service}",
          ),
          "must be a list of {opening_hour_id, service}",
        )
        .max(500, "may hold at most 500 opening hours")
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys" ? `may only hold ${Object.values(RESOS_MAPPING_INPUTS).join(", ")}; not ${issue.keys.join(", ")}` : OBJECT,
    },
  )
  .transform(
    (patch): MappingChange => ({
      bookingNumberFieldId: patch.booking_number_field_id,
      hotelGuestFieldId: patch.hotel_guest_field_id,
      dbbFieldId: patch.dbb_field_id,
      groupFieldId: patch.group_field_id,
      dietaryFieldIds: patch.dietary_field_ids,
      services: patch.services?.map((choice) => ({ openingHourId: choice.opening_hour_id, service: choice.service })),
    }),
  );
