// The D1 schema. Column names are snake_case so admins can read them in raw SQL.
// Dates are `YYYY-MM-DD` text in the kitchen's own time zone; instants are ISO-8601 UTC
// text. No ON DELETE CASCADE anywhere: table-rebuild migrations would fire it.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { DEFAULT_DAYS_AHEAD, DEFAULT_SYNC_INTERVAL_MINUTES, MAX_DAYS_AHEAD, SYNC_INTERVALS_MINUTES } from "../domain/sync-schedule";
import { DEFAULT_RETENTION_DAYS } from "../domain/retention";
import { SYNC_RUN_KINDS, SYNC_RUN_STATUSES } from "../domain/sync-run";

const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const ROLES = ["manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** `a in ('x', 'y')` over a list of words, for CHECK constraints that follow the domain's lists. */
function oneOf(column: AnySQLiteColumn, values: readonly (string | number)[]) {
  return sql`${column} in (${sql.raw(values.map((value) => (typeof value === "number" ? String(value) : `'${value}'`)).join(", "))})`;
}

export const kitchens = sqliteTable("kitchens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("Europe/London"),
  // Guest names are personal data: hidden ("Guest") until an admin turns them on.
  showGuestNames: integer("show_guest_names", { mode: "boolean" }).notNull().default(false),
  createdAt: text("created_at").notNull().default(nowIso),
  // Guest names, contact details, notes and dietary needs of nights older than this many
  // days are removed (src/domain/retention.ts); the numbers stay.
  retentionDays: integer("retention_days").notNull().default(DEFAULT_RETENTION_DAYS),
  /** Nights before this date hold no personal data any more: the purges have reached it. */
  personalDataKeptFrom: text("personal_data_kept_from"),
  /** When a purge last removed a table booking's personal data: part of the tables' version. */
  tablesPurgedAt: text("tables_purged_at"),
});

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  // Stored lower-cased and trimmed; sign-in compares the same form.
  email: text("email").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  createdAt: text("created_at").notNull().default(nowIso),
});

export const memberships = sqliteTable(
  "memberships",
  {
    userId: integer("user_id").notNull().references(() => users.id),
    kitchenId: integer("kitchen_id").notNull().references(() => kitchens.id),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: text("created_at").notNull().default(nowIso),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kitchenId] }),
    index("memberships_kitchen_idx").on(t.kitchenId),
    check("memberships_role_check", sql`${t.role} in ('manager', 'admin')`),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // SHA-256 (hex) of the cookie token; the token itself is never stored.
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id").notNull().references(() => users.id),
    // The kitchen the JSON API acts on for this session: the last one opened.
    currentKitchenId: integer("current_kitchen_id").references(() => kitchens.id),
    createdAt: text("created_at").notNull().default(nowIso),
    idleExpiresAt: text("idle_expires_at").notNull(),
    absoluteExpiresAt: text("absolute_expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    /** Where the attempt came from (the client's address), so a lock holds for one email from one place. */
    client: text("client").notNull().default(""),
    failedAt: text("failed_at").notNull(),
  },
  (t) => [index("login_failures_email_idx").on(t.email, t.failedAt), index("login_failures_client_idx").on(t.client, t.failedAt)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kitchenId: integer("kitchen_id").notNull().references(() => kitchens.id),
    role: text("role", { enum: ROLES }).notNull(),
    // SHA-256 (hex) of the bearer token; the token is shown once, when created.
    tokenHash: text("token_hash").notNull().unique(),
    label: text("label"),
    createdAt: text("created_at").notNull().default(nowIso),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [
    index("api_tokens_kitchen_idx").on(t.kitchenId),
    check("api_tokens_role_check", sql`${t.role} in ('manager', 'admin')`),
  ],
);

// Secrets are AES-256-GCM ciphertext (see src/crypto/credentials.ts) bound to the kitchen.
export const newbookConnections = sqliteTable("newbook_connections", {
  kitchenId: integer("kitchen_id").primaryKey().references(() => kitchens.id),
  region: text("region").notNull(),
  // {"username","password","apiKey"} as one encrypted JSON document.
  credentialsCiphertext: text("credentials_ciphertext").notNull(),
  updatedAt: text("updated_at").notNull().default(nowIso),
});

/**
 * A kitchen's resOS restaurant: the API key (encrypted), which custom field means what, the
 * kitchen's service for each opening hour where it differs from the detected one, and the
 * restaurant's own field definitions and opening hours as last read (JSON), so a mapping is
 * checked against the real fields and tables are put in a service without asking resOS.
 */
export const resosConnections = sqliteTable("resos_connections", {
  kitchenId: integer("kitchen_id").primaryKey().references(() => kitchens.id),
  apiKeyCiphertext: text("api_key_ciphertext").notNull(),
  updatedAt: text("updated_at").notNull().default(nowIso),
  bookingNumberFieldId: text("booking_number_field_id"),
  hotelGuestFieldId: text("hotel_guest_field_id"),
  dbbFieldId: text("dbb_field_id"),
  groupFieldId: text("group_field_id"),
  /** JSON array of field ids. */
  dietaryFieldIds: text("dietary_field_ids").notNull().default("[]"),
  /** JSON object: opening hour id -> service, the kitchen's choices over the detected ones. */
  serviceChoices: text("service_choices").notNull().default("{}"),
  /** JSON array of CustomFieldDefinition. */
  customFieldsJson: text("custom_fields_json").notNull().default("[]"),
  /** JSON array of OpeningHour. */
  openingHoursJson: text("opening_hours_json").notNull().default("[]"),
  restaurantReadAt: text("restaurant_read_at"),
});

export const syncSettings = sqliteTable(
  "sync_settings",
  {
    kitchenId: integer("kitchen_id").primaryKey().references(() => kitchens.id),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    intervalMinutes: integer("interval_minutes").notNull().default(DEFAULT_SYNC_INTERVAL_MINUTES),
    daysAhead: integer("days_ahead").notNull().default(DEFAULT_DAYS_AHEAD),
    // Mirror of the scheduler's state, for pages, the cron fan-out and admins; only the
    // scheduler writes it. last_sync_at is the last SUCCESS; last_attempt_at and
    // last_sync_status describe the newest run (its start while it runs, then its end).
    lastSyncAt: text("last_sync_at"),
    lastAttemptAt: text("last_attempt_at"),
    lastSyncStatus: text("last_sync_status", { enum: SYNC_RUN_STATUSES }),
    lastErrorMessage: text("last_error_message"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    nextDueAt: text("next_due_at"),
    // When the schedule was last switched on: with no success since, the "stale" banner counts from here.
    enabledSince: text("enabled_since"),
    // Where the alert goes at the fifth failure in a row (and the recovery after it); null: no webhook.
    alertWebhookUrl: text("alert_webhook_url"),
  },
  (t) => [
    index("sync_settings_due_idx").on(t.enabled, t.nextDueAt),
    check("sync_settings_interval_check", oneOf(t.intervalMinutes, SYNC_INTERVALS_MINUTES)),
    check("sync_settings_days_ahead_check", sql`${t.daysAhead} between 1 and ${sql.raw(String(MAX_DAYS_AHEAD))}`),
  ],
);

export const syncRuns = sqliteTable(
  "sync_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kitchenId: integer("kitchen_id").notNull().references(() => kitchens.id),
    kind: text("kind", { enum: SYNC_RUN_KINDS }).notNull(),
    status: text("status", { enum: SYNC_RUN_STATUSES }).notNull(),
    dateFrom: text("date_from").notNull(),
    dateTo: text("date_to").notNull(),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    durationMs: integer("duration_ms"),
    apiCalls: integer("api_calls").notNull().default(0),
    recordsFetched: integer("records_fetched").notNull().default(0),
    rowsWritten: integer("rows_written").notNull().default(0),
    warnings: integer("warnings").notNull().default(0),
    errorMessage: text("error_message"),
    // Up to ten of the run's warnings as a JSON array of {booking_id, reason}.
    warningSamples: text("warning_samples"),
    // Steps of the run: each source's each chunk of at most 31 nights.
    chunksDone: integer("chunks_done").notNull().default(0),
    chunksTotal: integer("chunks_total").notNull().default(1),
  },
  (t) => [
    index("sync_runs_kitchen_started_idx").on(t.kitchenId, t.startedAt),
    check("sync_runs_kind_check", oneOf(t.kind, SYNC_RUN_KINDS)),
    check("sync_runs_status_check", oneOf(t.status, SYNC_RUN_STATUSES)),
  ],
);

// --- Newbook data, replaced by each sync -----------------------------------------------

/** The hotel's rooms as sites_list gives them; sort_order is the natural order ("2" < "10"). */
export const rooms = sqliteTable(
  "rooms",
  {
    kitchenId: integer("kitchen_id").notNull().references(() => kitchens.id),
    siteId: text("site_id").notNull(),
    name: text("name").notNull(),
    categoryId: text("category_id"),
    categoryName: text("category_name"),
    sortOrder: integer("sort_order").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kitchenId, t.siteId] })],
);

/** Room categories seen in Newbook; a kitchen can leave some (staff rooms, say) out of its counts. */
export const roomCategories = sqliteTable(
  "room_categories",
  {
    kitchenId: integer("kitchen_id").notNull().references(() => kitchens.id),
    categoryId: text("category_id").notNull(),
    name: text("name").notNull(),
    includeInCounts: integer("include_in_counts", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.kitchenId, t.categoryId] })],
);

/** One row per booking per night (a booking holds one room). */
export const roomNights = sqliteTable(
  "room_nights",
  {
    kitchenId: integer("kitchen_id").notNull().references(() => kitchens.id),
    night: text("night").notNull(),
    bookingId: text("booking_id").notNull(),
    siteId: text("site_id"),
    roomName: text("room_name"),
    categoryId: text("category_id"),
    categoryName: text("category_name"),
    groupId: text("group_id"),
    leadFirstName: text("lead_first_name"),
    leadLastName: text("lead_last_name"),
    adults: integer("adults").notNull(),
    children: integer("children").notNull(),
    infants: integer("infants").notNull(),
    dinner: integer("dinner", { mode: "boolean" }).notNull(),
    breakfast: integer("breakfast", { mode: "boolean" }).notNull(),
    package: integer("package", { mode: "boolean" }).notNull(),
    // The stay's true dates, even where the stored nights are cut to a range.
    arrival: text("arrival").notNull(),
    departure: text("departure").notNull(),
    status: text("status"),
    /** The OTA or agent's reference for the booking: a table booking may quote it instead of ours. */
    referenceId: text("reference_id"),
    /** The lead guest's contact details, to suggest a table that names no booking (never a link by themselves). */
    leadEmail: text("lead_email"),
    leadPhone: text("lead_phone"),
  },
  (t) => [primaryKey({ columns: [t.kitchenId, t.night, t.bookingId] })],
);

/**
 * resOS table bookings, one row per resOS booking, every status kept. Which stay a table
 * belongs to is worked out when it is read (src/domain/table-links.ts), from these rows
 * and the room-nights, so it always follows the latest of both and the kitchen's field
 * mapping. notes_json and fields_json are JSON arrays (restaurant notes; custom fields as
 * {fieldId, name, values}).
 */
export const tableBookings = sqliteTable(
  "table_bookings",
  {
    kitchenId: integer("kitchen_id").notNull().references(() => kitchens.id),
    resosBookingId: text("resos_booking_id").notNull(),
    date: text("date").notNull(),
    time: text("time"),
    people: integer("people").notNull(),
    status: text("status").notNull(),
    tableNames: text("table_names"),
    areaName: text("area_name"),
    guestName: text("guest_name"),
    guestPhone: text("guest_phone"),
    guestEmail: text("guest_email"),
    notesJson: text("notes_json").notNull().default("[]"),
    fieldsJson: text("fields_json").notNull().default("[]"),
    syncRunId: integer("sync_run_id").references(() => syncRuns.id),
  },
  (t) => [primaryKey({ columns: [t.kitchenId, t.resosBookingId] }), index("table_bookings_kitchen_date_idx").on(t.kitchenId, t.date)],
);

/**
 * Daily totals per night. Days before the kitchen's today are locked actuals: only a
 * historical sync overwrites them.
 */
export const dailyOccupancy = sqliteTable(
  "daily_occupancy",
  {
    kitchenId: integer("kitchen_id").notNull().references(() => kitchens.id),
    date: text("date").notNull(),
    roomsAvailable: integer("rooms_available").notNull(),
    roomsOccupied: integer("rooms_occupied").notNull(),
    occupancyPct: real("occupancy_pct"),
    guests: integer("guests").notNull(),
    adults: integer("adults").notNull(),
    children: integer("children").notNull(),
    infants: integer("infants").notNull(),
    // Guests of this night whose stay includes breakfast: served the next morning.
    breakfastGuests: integer("breakfast_guests").notNull(),
    dinnerGuests: integer("dinner_guests").notNull(),
    dbbRooms: integer("dbb_rooms").notNull(),
    arrivals: integer("arrivals").notNull(),
    arrivalGuests: integer("arrival_guests").notNull(),
    departures: integer("departures").notNull(),
    departureGuests: integer("departure_guests").notNull(),
    syncRunId: integer("sync_run_id").references(() => syncRuns.id),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kitchenId, t.date] })],
);

/** How this kitchen's Newbook shows meal plans (src/domain/meal-rules.ts), as JSON. */
export const mealRules = sqliteTable("meal_rules", {
  kitchenId: integer("kitchen_id").primaryKey().references(() => kitchens.id),
  rulesJson: text("rules_json").notNull(),
  updatedAt: text("updated_at").notNull().default(nowIso),
});

/** Every render that showed guest names: who, which kitchen, which nights, when. */
export const piiAccessLog = sqliteTable(
  "pii_access_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kitchenId: integer("kitchen_id").notNull().references(() => kitchens.id),
    userId: integer("user_id").references(() => users.id),
    apiTokenId: integer("api_token_id").references(() => apiTokens.id),
    // What was shown: "chart", "stay", "tonight", "dashboard", "api".
    view: text("view").notNull(),
    dateFrom: text("date_from").notNull(),
    dateTo: text("date_to").notNull(),
    accessedAt: text("accessed_at").notNull(),
  },
  (t) => [index("pii_access_log_kitchen_idx").on(t.kitchenId, t.accessedAt)],
);
