// A kitchen's stored resOS connection: the API key (decrypted only where a sync or a
// connection test needs it), the kitchen's field mapping and service choices, and the
// restaurant's definitions as last read. Stored JSON is read defensively: a column that
// cannot be read gives the empty value, never an exception on a page.
import { eq } from "drizzle-orm";
import * as z from "zod";
import { decryptForKitchen, encryptForKitchen } from "../crypto/credentials";
import { SERVICES, type CustomFieldDefinition, type FieldMapping, type OpeningHour, type Service } from "../domain/restaurant";
import type { Database } from "./client";
import { resosConnections } from "./schema";

export type ResosConnectionRow = typeof resosConnections.$inferSelect;

/** What the kitchen has told us about its restaurant, and what the restaurant last told us. */
export interface ResosSettings {
  mapping: FieldMapping;
  /** Opening hour id -> the service the kitchen chose for it, where it differs from the detected one. */
  serviceChoices: Record<string, Service>;
  definitions: CustomFieldDefinition[];
  openingHours: OpeningHour[];
  /** When the restaurant's fields and opening hours were last read; null before the first time. */
  restaurantReadAt: string | null;
}

const StoredDefinitions = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    type: z.enum(["string", "radio", "dropdown", "checkbox"]),
    choices: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
);

const StoredOpeningHours = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    day: z.number().int().min(1).max(7).nullable(),
    open: z.number(),
    close: z.number(),
    seatingMinutes: z.number().nullable(),
    special: z.boolean(),
    date: z.string().nullable(),
    closed: z.boolean(),
  }),
);

const StoredIds = z.array(z.string());
const StoredChoices = z.record(z.string(), z.enum(SERVICES));

function readJson<T>(text: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function resosSettingsOf(row: ResosConnectionRow): ResosSettings {
  return {
    mapping: {
      bookingNumberFieldId: row.bookingNumberFieldId,
      hotelGuestFieldId: row.hotelGuestFieldId,
      dbbFieldId: row.dbbFieldId,
      groupFieldId: row.groupFieldId,
      dietaryFieldIds: readJson(row.dietaryFieldIds, StoredIds, []),
    },
    serviceChoices: readJson(row.serviceChoices, StoredChoices, {}),
    definitions: readJson(row.customFieldsJson, StoredDefinitions, []),
    openingHours: readJson(row.openingHoursJson, StoredOpeningHours, []),
    restaurantReadAt: row.restaurantReadAt,
  };
}

export async function decryptResosApiKey(key: CryptoKey, row: Pick<ResosConnectionRow, "kitchenId" | "apiKeyCiphertext">): Promise<string> {
  return decryptForKitchen(key, row.kitchenId, row.apiKeyCiphertext);
}

export async function encryptResosApiKey(key: CryptoKey, kitchenId: number, apiKey: string): Promise<string> {
  return encryptForKitchen(key, kitchenId, apiKey);
}

export async function loadResosConnection(db: Database, kitchenId: number): Promise<ResosConnectionRow | null> {
  const [row] = await db.select().from(resosConnections).where(eq(resosConnections.kitchenId, kitchenId));
  return row ?? null;
}

function mappingColumns(mapping: FieldMapping) {
  return {
    bookingNumberFieldId: mapping.bookingNumberFieldId,
    hotelGuestFieldId: mapping.hotelGuestFieldId,
    dbbFieldId: mapping.dbbFieldId,
    groupFieldId: mapping.groupFieldId,
    dietaryFieldIds: JSON.stringify(mapping.dietaryFieldIds),
  };
}

function restaurantColumns(restaurant: { definitions: CustomFieldDefinition[]; openingHours: OpeningHour[]; readAt: string }) {
  return {
    customFieldsJson: JSON.stringify(restaurant.definitions),
    openingHoursJson: JSON.stringify(restaurant.openingHours),
    restaurantReadAt: restaurant.readAt,
  };
}

/**
 * Stores a (new) API key with the restaurant just read through it and the mapping detected
 * from it. A new key may mean a new restaurant, so the mapping and choices start again.
 */
export function connectResosQuery(
  db: Database,
  kitchenId: number,
  connection: { apiKeyCiphertext: string; at: string; definitions: CustomFieldDefinition[]; openingHours: OpeningHour[]; mapping: FieldMapping },
) {
  const values = {
    apiKeyCiphertext: connection.apiKeyCiphertext,
    updatedAt: connection.at,
    ...mappingColumns(connection.mapping),
    serviceChoices: "{}",
    ...restaurantColumns({ ...connection, readAt: connection.at }),
  };
  return db
    .insert(resosConnections)
    .values({ kitchenId, ...values })
    .onConflictDoUpdate({ target: resosConnections.kitchenId, set: values });
}

/**
 * The restaurant's definitions as a sync just read them. `detected` is given the first time
 * (a key stored by the admin CLI, never read before): the mapping then starts from it.
 */
export function saveRestaurantQuery(
  db: Database,
  kitchenId: number,
  restaurant: { definitions: CustomFieldDefinition[]; openingHours: OpeningHour[]; readAt: string; detected: FieldMapping | null },
) {
  return db
    .update(resosConnections)
    .set({ ...restaurantColumns(restaurant), ...(restaurant.detected ? mappingColumns(restaurant.detected) : {}) })
    .where(eq(resosConnections.kitchenId, kitchenId));
}

/** The kitchen's mapping and service choices; the key's "changed on" date stays the key's. */
export function saveResosMappingQuery(db: Database, kitchenId: number, settings: { mapping: FieldMapping; serviceChoices: Record<string, Service> }) {
  return db
    .update(resosConnections)
    .set({ ...mappingColumns(settings.mapping), serviceChoices: JSON.stringify(settings.serviceChoices) })
    .where(eq(resosConnections.kitchenId, kitchenId));
}
