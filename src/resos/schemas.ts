// resOS responses as they really arrive: shapes vary by custom-field type and by the age of
// the data, numbers sometimes come as strings, and old or half-migrated records miss
// fields. These schemas accept all of that: a field of the wrong shape becomes "absent"
// (null, 0 or an empty list) instead of failing its record, and only a record without an
// `_id` (which nothing can be keyed on) fails. What the values MEAN is decided in
// wire-to-restaurant.ts.
import * as z from "zod";

/** Text, or a number as text; trimmed. Empty, absent or any other shape -> null. */
export const optionalText = z
  .union([z.string(), z.number()])
  .transform((value) => (typeof value === "number" && !Number.isFinite(value) ? "" : String(value).trim()) || null)
  .catch(null);

/** The `_id` a record is keyed on: a record without one fails. */
const requiredId = optionalText.pipe(z.string("a record without _id"));

/** A number, or a number as text ("1800"); null when absent or unreadable. */
export const optionalNumber = z
  .union([z.number(), z.string()])
  .transform((value) => (typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value)))
  .transform((value) => (Number.isFinite(value) ? value : null))
  .catch(null);

/** A whole count such as `people`: 2, "2", 2.0 -> 2; negative, absent or unreadable -> 0. */
export const count = optionalNumber.transform((value) => (value === null ? 0 : Math.max(0, Math.trunc(value))));

/** true / false, also as "true" / "false" or 1 / 0; null when absent or anything else. */
export const optionalBoolean = z
  .union([z.boolean(), z.string(), z.number()])
  .transform((value) => {
    if (value === true || value === 1 || (typeof value === "string" && value.trim().toLowerCase() === "true")) return true;
    if (value === false || value === 0 || (typeof value === "string" && value.trim().toLowerCase() === "false")) return false;
    return null;
  })
  .catch(null);

/** A list whose items of the wrong shape are dropped one by one; anything but an array -> []. */
export function tolerantList<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items.flatMap((value): z.infer<T>[] => {
        const parsed = item.safeParse(value);
        return parsed.success ? [parsed.data] : [];
      }),
    );
}

export const ResosGuest = z.looseObject({
  name: optionalText,
  email: optionalText,
  phone: optionalText,
});

export const ResosTable = z.looseObject({
  name: optionalText,
  area: z.looseObject({ name: optionalText }).nullable().catch(null),
});

/**
 * One custom field on a booking. `value` is left raw: its shape depends on the field's type
 * (text, a choice id, a list of ticked boxes, or an old plain string) and is read against
 * the restaurant's definitions.
 */
export const ResosFieldEntry = z.looseObject({
  _id: requiredId,
  name: optionalText,
  /** Not documented on booking entries; used when resOS sends it and no definition is known. */
  type: optionalText,
  value: z.unknown().optional(),
  /** The chosen label of a radio or dropdown (sent with expand=customFields). */
  multipleChoiceValueName: optionalText,
});
export type ResosFieldEntry = z.infer<typeof ResosFieldEntry>;

/** A ticked (or unticked) box inside a checkbox field's value. */
export const ResosCheckboxItem = z.looseObject({
  _id: optionalText,
  name: optionalText,
  value: optionalBoolean,
});

export const ResosBooking = z.looseObject({
  _id: requiredId,
  /** Checked as a real YYYY-MM-DD date when mapped: a booking without one is skipped. */
  date: optionalText,
  time: optionalText,
  people: count,
  status: optionalText,
  guest: ResosGuest.catch({ name: null, email: null, phone: null }),
  tables: tolerantList(ResosTable),
  // An entry without an _id stays in the list as null, so the mapping can warn about it.
  customFields: z
    .array(z.unknown())
    .catch([])
    .transform((entries) => entries.map((entry) => ResosFieldEntry.safeParse(entry).data ?? null)),
  restaurantNotes: tolerantList(z.looseObject({ restaurantNote: z.string() })).transform((notes) =>
    notes.map((note) => note.restaurantNote.trim()).filter((note) => note !== ""),
  ),
});
export type ResosBooking = z.infer<typeof ResosBooking>;

export const ResosCustomField = z.looseObject({
  _id: requiredId,
  name: optionalText,
  label: optionalText,
  type: optionalText,
  multipleChoiceSelections: tolerantList(z.looseObject({ _id: requiredId, name: optionalText })),
});
export type ResosCustomField = z.infer<typeof ResosCustomField>;

export const ResosOpeningHour = z.looseObject({
  _id: requiredId,
  name: optionalText,
  day: optionalNumber,
  open: optionalNumber,
  close: optionalNumber,
  special: optionalBoolean,
  date: optionalText,
  isOpen: optionalBoolean,
  closed: optionalBoolean,
  deleted: optionalBoolean,
  seating: z.looseObject({ duration: optionalNumber }).nullable().catch(null),
});
export type ResosOpeningHour = z.infer<typeof ResosOpeningHour>;
