// resOS wire records -> the product's restaurant shapes (src/domain/restaurant.ts). Pure:
// no HTTP, no clock. Whatever cannot be read is skipped or left empty and said in a
// warning that names the booking by its resOS `_id` only (never a guest's details), so a
// run records what it could not use instead of failing on one odd record.
import { isIsoDate } from "../domain/dates";
import type { BookingFieldValue, CustomFieldDefinition, CustomFieldType, OpeningHour, TableBooking } from "../domain/restaurant";
import { ResosBooking, ResosCheckboxItem, ResosCustomField, type ResosFieldEntry, ResosOpeningHour } from "./schemas";

/** Table bookings read from resOS, with what could not be read, in words. */
export interface TableBookingsRead {
  bookings: TableBooking[];
  warnings: string[];
}

const FIELD_TYPES: readonly CustomFieldType[] = ["string", "radio", "dropdown", "checkbox"];

function fieldType(word: string | null): CustomFieldType | null {
  const lower = word?.toLowerCase() ?? "";
  return FIELD_TYPES.find((type) => type === lower) ?? null;
}

/** GET /customFields rows -> definitions; a row without an `_id` is dropped. */
export function toCustomFieldDefinitions(rows: readonly unknown[]): CustomFieldDefinition[] {
  return rows.flatMap((row): CustomFieldDefinition[] => {
    const parsed = ResosCustomField.safeParse(row);
    if (!parsed.success) return [];
    const field = parsed.data;
    return [
      {
        id: field._id,
        name: field.name ?? field.label ?? "",
        // A type this product does not know is read as text: its value is shown as sent.
        type: fieldType(field.type) ?? "string",
        choices: field.multipleChoiceSelections.map((choice) => ({ id: choice._id, name: choice.name ?? "" })),
      },
    ];
  });
}

/**
 * GET /openingHours rows -> opening hours. Dropped: rows without an `_id`, deleted periods
 * (asked away with showDeleted=false, dropped again should one slip through), and weekly
 * periods without a weekday 1..7, which belong to no night.
 */
export function toOpeningHours(rows: readonly unknown[]): OpeningHour[] {
  return rows.flatMap((row): OpeningHour[] => {
    const parsed = ResosOpeningHour.safeParse(row);
    if (!parsed.success || parsed.data.deleted === true) return [];
    const hour = parsed.data;
    const special = hour.special === true;
    const day = hour.day !== null && Number.isInteger(hour.day) && hour.day >= 1 && hour.day <= 7 ? hour.day : null;
    if (!special && day === null) return [];
    const date = hour.date !== null && isIsoDate(hour.date) ? hour.date : null;
    const open = hour.open ?? 0;
    const close = hour.close ?? 0;
    // resOS marks a closure in more than one way across versions: any of them shuts the night.
    const shut = hour.isOpen === false || hour.closed === true || (open === 0 && close === 0);
    return [
      {
        id: hour._id,
        name: hour.name ?? "",
        day: special ? null : day,
        open,
        close,
        seatingMinutes: hour.seating?.duration ?? null,
        special,
        date: special ? date : null,
        closed: special && date !== null && shut,
      },
    ];
  });
}

/**
 * Every row of every /bookings page -> the bookings whose own `date` lies in [from, to].
 * The query window was widened by a day each side (its zone is undocumented), so rows
 * outside [from, to] are expected and dropped silently. A row seen twice (paging shifted
 * while a booking was added) counts once, as its later copy. Rows without an `_id` or a
 * usable date are skipped with a warning.
 */
export function toTableBookings(
  rows: readonly unknown[],
  range: { from: string; to: string },
  definitions: readonly CustomFieldDefinition[],
): TableBookingsRead {
  const warnings: string[] = [];
  const byId = new Map<string, ResosBooking>();
  let withoutId = 0;
  for (const row of rows) {
    const parsed = ResosBooking.safeParse(row);
    if (parsed.success) byId.set(parsed.data._id, parsed.data);
    else withoutId++;
  }
  if (withoutId > 0) warnings.push(`${withoutId} ${withoutId === 1 ? "record" : "records"} from resOS without a booking _id: skipped.`);

  const definitionsById = new Map(definitions.map((definition) => [definition.id, definition]));
  const bookings: TableBooking[] = [];
  for (const wire of byId.values()) {
    if (wire.date === null || !isIsoDate(wire.date)) {
      warnings.push(`booking ${wire._id}: ${wire.date === null ? "no date" : "a date that is not YYYY-MM-DD"}; skipped.`);
      continue;
    }
    if (wire.date < range.from || wire.date > range.to) continue;
    bookings.push(toTableBooking(wire, wire.date, definitionsById, (problem) => warnings.push(`booking ${wire._id}: ${problem}`)));
  }
  return { bookings, warnings };
}

/** One booking, whose `date` has been checked to be a real YYYY-MM-DD date. */
export function toTableBooking(wire: ResosBooking, date: string, definitions: ReadonlyMap<string, CustomFieldDefinition>, warn: (problem: string) => void): TableBooking {
  const time = timeOfDay(wire.time);
  if (wire.time !== null && time === null) warn("a time that is not HH:MM; kept without a time.");
  return {
    resosBookingId: wire._id,
    date,
    time,
    people: wire.people,
    status: statusWord(wire.status),
    tableNames: wire.tables.flatMap((table) => (table.name === null ? [] : [table.name])),
    areaName: wire.tables[0]?.area?.name ?? null,
    guestName: wire.guest.name,
    guestPhone: wire.guest.phone,
    guestEmail: wire.guest.email,
    notes: wire.restaurantNotes,
    fields: wire.customFields.flatMap((entry): BookingFieldValue[] => {
      if (entry === null) {
        warn("a custom field without an _id; left out.");
        return [];
      }
      return [fieldValue(entry, definitions.get(entry._id), warn)];
    }),
  };
}

/** Lower case, one spelling of cancelled; other words (known or not) kept as sent. */
export function statusWord(status: string | null): string {
  const word = status?.toLowerCase() ?? "";
  if (word === "cancelled") return "canceled";
  return word === "" ? "unknown" : word;
}

/** "19:30" (also "9:30" or "19:30:00") -> "HH:MM"; an impossible time ("25:99") -> null. */
export function timeOfDay(time: string | null): string | null {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(time ?? "");
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${match[2]}`;
}

/**
 * One custom field's value as the words it carries. Its type comes from the restaurant's
 * definition (matched by `_id`); without one, from the entry itself: a label means a
 * choice, a list means checkboxes, anything else is text. A value of a shape its type
 * never has is left empty, with a warning.
 */
export function fieldValue(entry: ResosFieldEntry, definition: CustomFieldDefinition | undefined, warn: (problem: string) => void): BookingFieldValue {
  const name = entry.name ?? definition?.name ?? "";
  const type = definition?.type ?? fieldType(entry.type) ?? (entry.multipleChoiceValueName !== null ? "radio" : Array.isArray(entry.value) ? "checkbox" : "string");
  const read = valuesOf(type, entry, definition);
  if ("problem" in read) warn(`custom field "${name}" ${read.problem}; left empty.`);
  return { fieldId: entry._id, name, values: "problem" in read ? [] : read.values };
}

type ValuesRead = { values: string[] } | { problem: string };

function valuesOf(type: CustomFieldType, entry: ResosFieldEntry, definition: CustomFieldDefinition | undefined): ValuesRead {
  const { value } = entry;
  // An empty field: nothing to read, nothing wrong.
  if (value === undefined || value === null || value === "") return { values: [] };
  switch (type) {
    case "string":
      if (typeof value === "string") return { values: nonEmpty([value.trim()]) };
      if (typeof value === "number" && Number.isFinite(value)) return { values: [String(value)] };
      return { problem: `holds ${shapeOf(value)} where text was expected` };
    case "radio":
    case "dropdown":
      // `value` is the CHOICE ID; the label comes with expand=customFields, else from the definition.
      if (entry.multipleChoiceValueName !== null) return { values: [entry.multipleChoiceValueName] };
      if (typeof value !== "string") return { problem: `holds ${shapeOf(value)} where a choice was expected` };
      if (!definition) return { problem: "names a choice without its label, and the field is not among the restaurant's custom fields" };
      return choiceName(definition, value.trim()) ?? { problem: "names a choice that is not among the field's choices" };
    case "checkbox":
      // Older data holds the ticked names as one plain string.
      if (typeof value === "string") return { values: nonEmpty(value.split(",").map((part) => part.trim())) };
      if (!Array.isArray(value)) return { problem: `holds ${shapeOf(value)} where a list of boxes was expected` };
      return tickedNames(value, definition);
  }
}

function choiceName(definition: CustomFieldDefinition, choiceId: string): ValuesRead | null {
  const choice = definition.choices.find((candidate) => candidate.id === choiceId);
  return choice && choice.name !== "" ? { values: [choice.name] } : null;
}

function tickedNames(items: readonly unknown[], definition: CustomFieldDefinition | undefined): ValuesRead {
  const names: string[] = [];
  for (const item of items) {
    const parsed = ResosCheckboxItem.safeParse(item);
    if (!parsed.success) return { problem: "holds a box that is not a {name, value} entry" };
    const box = parsed.data;
    if (box.value !== true) continue;
    const name = box.name ?? (box._id !== null ? definition?.choices.find((choice) => choice.id === box._id)?.name : undefined);
    if (!name) return { problem: "holds a ticked box without a name" };
    names.push(name);
  }
  return { values: names };
}

function nonEmpty(values: string[]): string[] {
  return values.filter((value) => value !== "");
}

/** The kind of value, for a warning: never the value itself, which may be a guest's words. */
function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
