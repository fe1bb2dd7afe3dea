// The Settings page's resOS connection: save the API key (only once resOS has accepted it
// and the restaurant was read through it), test a key without saving it, and save which
// custom field holds what and which service each opening hour is. Mounted inside the
// settings routes, behind their admin check; each form answers as the others there do.
import type { Context } from "hono";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../app-env";
import { CredentialsDecryptError, importCredentialsKey } from "../crypto/credentials";
import { connectResosQuery, decryptResosApiKey, encryptResosApiKey, loadResosConnection, resosSettingsOf, saveResosMappingQuery, saveRestaurantQuery } from "../db/resos-connection";
import { detectFieldMapping } from "../domain/booking-fields";
import { applyMappingChange } from "../domain/mapping-change";
import type { CustomFieldDefinition, OpeningHour } from "../domain/restaurant";
import { plural } from "../views/format";
import { simulatorsEnabled } from "../newbook/transport";
import { PAGE_SLOT_BUDGET_MS, sharedCallSlots } from "../limits/shared-call-slots";
import { RESOS_CALL_RATE, ResosClient } from "../resos/client";
import { ResosError } from "../resos/errors";
import { resosTransport } from "../resos/transport";
import type { FieldErrors } from "../views/form-fields";
import type { SettingsData, SettingsPageState } from "../views/settings/page";
import { ResosSection, RESOS_SECTION_ID, type ResosFormState } from "../views/settings/resos-section";
import { RESOS_MAPPING_INPUTS, ResosConnectionForm, ResosMappingForm } from "./inputs";
import { besideField, formInput } from "./validation";

const RESTAURANT_READ_TIMEOUT_MS = 15_000;

/** The redirect notices of this section, merged into the settings page's own. */
export const RESOS_NOTICES = {
  "resos-saved": { section: RESOS_SECTION_ID, text: "Saved. The API key is stored encrypted; the mapping below was detected from the restaurant's fields: check it." },
  "resos-reread": { section: RESOS_SECTION_ID, text: "Saved. The restaurant's fields and opening hours were read again; the mapping is kept." },
  "resos-mapping-saved": { section: RESOS_SECTION_ID, text: "Saved. The chart and the dashboard follow the new mapping at once." },
} as const;
type ResosNoticeKey = keyof typeof RESOS_NOTICES;

/** The settings page's way of answering a form (settings.tsx): redirect, fragment or page. */
export type SettingsAnswer = (
  c: Context<AppEnv>,
  options: { status: ContentfulStatusCode; section: (data: SettingsData) => Child; redirectNotice?: ResosNoticeKey; state?: Partial<SettingsPageState> },
) => Promise<Response>;

interface Restaurant {
  definitions: CustomFieldDefinition[];
  openingHours: OpeningHour[];
}

/** The restaurant's fields and opening hours, read through `apiKey`; a ResosError says what went wrong. */
async function readRestaurant(c: Context<AppEnv>, apiKey: string): Promise<{ ok: true; restaurant: Restaurant } | { ok: false; message: string }> {
  try {
    const transport = resosTransport(c.env.RESOS_BASE_URL, simulatorsEnabled(c.env.SIMULATORS));
    const pacer = sharedCallSlots(c.env, { rate: RESOS_CALL_RATE, kitchenId: c.var.kitchen.id, budgetMs: PAGE_SLOT_BUDGET_MS });
    const client = new ResosClient({ ...transport, apiKey, timeoutMs: RESTAURANT_READ_TIMEOUT_MS, pacer });
    const [definitions, openingHours] = await Promise.all([client.customFields(), client.openingHours()]);
    return { ok: true, restaurant: { definitions, openingHours } };
  } catch (error) {
    if (error instanceof ResosError) return { ok: false, message: error.message };
    throw error;
  }
}


/** "7 custom fields, 2 services (Lunch, Dinner)": a service is a name among the regular opening hours. */
function restaurantSummary(restaurant: Restaurant): string {
  const services = [...new Set(restaurant.openingHours.filter((hour) => !hour.special).map((hour) => hour.name))];
  return `${plural(restaurant.definitions.length, "custom field")}, ${plural(services.length, "service")}${services.length > 0 ? ` (${services.join(", ")})` : ""}`;
}

/** The key to use: the one typed, else the stored one; null when there is neither. */
async function apiKeyToUse(c: Context<AppEnv>, typed: string): Promise<{ apiKey: string; stored: string | null } | null> {
  const row = await loadResosConnection(c.var.db, c.var.kitchen.id);
  // A key stored under an earlier CREDENTIALS_KEY cannot be read: it counts as none, so typing the key again recovers.
  const stored = row ? await decryptResosApiKey(await importCredentialsKey(c.env.CREDENTIALS_KEY), row).catch((error: unknown) => {
    if (error instanceof CredentialsDecryptError) return null;
    throw error;
  }) : null;
  const apiKey = typed || stored;
  return apiKey ? { apiKey, stored } : null;
}

const NO_KEY: FieldErrors = { api_key: "Enter the API key resOS issued (Settings → Apps → API credentials)." };

export function resosSettingsRoutes(answer: SettingsAnswer) {
  const section = (c: Context<AppEnv>, state: ResosFormState) => (data: SettingsData) => (
    <ResosSection slug={c.var.kitchen.slug} setup={data.setup} resos={data.resos} timeZone={c.var.kitchen.timeZone} state={state} />
  );
  // The section again with what happened: a test's finding, or why nothing was saved.
  const again = (c: Context<AppEnv>, status: ContentfulStatusCode, state: ResosFormState) => answer(c, { status, section: section(c, state), state: { resos: state } });
  const saved = (c: Context<AppEnv>, notice: ResosNoticeKey) =>
    answer(c, { status: 200, section: section(c, { notice: RESOS_NOTICES[notice].text }), redirectNotice: notice });
  const refusedConnection = formInput(ResosConnectionForm, (c, { errors }) => again(c, 422, { errors }));

  return new Hono<AppEnv>()
    .post("/", refusedConnection, async (c) => {
      const key = await apiKeyToUse(c, c.req.valid("form").api_key);
      if (!key) return again(c, 422, { errors: NO_KEY });
      const read = await readRestaurant(c, key.apiKey);
      if (!read.ok) return again(c, 502, { outcome: { ok: false, message: read.message } });
      const kitchenId = c.var.kitchen.id;
      const at = c.var.now.toISOString();
      // The same key is the same restaurant: its fields are read again and the kitchen's mapping kept.
      if (key.apiKey === key.stored) {
        await saveRestaurantQuery(c.var.db, kitchenId, { ...read.restaurant, readAt: at, detected: null });
        return saved(c, "resos-reread");
      }
      const apiKeyCiphertext = await encryptResosApiKey(await importCredentialsKey(c.env.CREDENTIALS_KEY), kitchenId, key.apiKey);
      await connectResosQuery(c.var.db, kitchenId, { apiKeyCiphertext, at, ...read.restaurant, mapping: detectFieldMapping(read.restaurant.definitions) });
      return saved(c, "resos-saved");
    })
    .post("/test", refusedConnection, async (c) => {
      const key = await apiKeyToUse(c, c.req.valid("form").api_key);
      if (!key) return again(c, 422, { errors: NO_KEY });
      const read = await readRestaurant(c, key.apiKey);
      const outcome = read.ok
        ? { ok: true, message: `resOS accepted this key: ${restaurantSummary(read.restaurant)}. Save to keep it.` }
        : { ok: false, message: read.message };
      return again(c, read.ok ? 200 : 502, { outcome });
    })
    .post(
      "/mapping",
      formInput(ResosMappingForm, (c, { errors }) => again(c, 422, { errors })),
      async (c) => {
        const row = await loadResosConnection(c.var.db, c.var.kitchen.id);
        const settings = row && resosSettingsOf(row);
        if (!settings || settings.restaurantReadAt === null) {
          return again(c, 409, { outcome: { ok: false, message: "Not saved: the restaurant's fields have not been read yet. Save the connection first." } });
        }
        const chosen = c.req.valid("form");
        const changed = applyMappingChange(settings, chosen);
        if (!changed.ok) {
          const errors: FieldErrors = Object.fromEntries(Object.entries(changed.problems).map(([part, problem]) => [RESOS_MAPPING_INPUTS[part as keyof typeof RESOS_MAPPING_INPUTS], besideField(problem)]));
          return again(c, 422, { errors, chosen });
        }
        await saveResosMappingQuery(c.var.db, c.var.kitchen.id, { mapping: changed.mapping, serviceChoices: changed.serviceChoices });
        return saved(c, "resos-mapping-saved");
      },
    );
}
