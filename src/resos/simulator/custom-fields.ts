// The restaurant's custom fields, as the hotel set them up to link tables to stays, and
// how one booking's values go on the wire. The shapes differ by type, as in resOS: a text
// field's value is the text; a radio or dropdown's value is the CHOICE ID, with the label
// in multipleChoiceValueName only under `expand=customFields`; a checkbox's value is a list
// of the ticked choices (or, in old data, a plain string).
import type { Occasion, TableFields } from "./table-booking";

export type FieldType = "string" | "radio" | "dropdown" | "checkbox";

export interface Choice {
  _id: string;
  name: string;
}

export interface FieldDefinition {
  _id: string;
  name: string;
  label: string;
  type: FieldType;
  multipleChoiceSelections: Choice[];
}

export const DIETARY_NEEDS = ["Vegan", "Vegetarian", "Gluten free", "Nut allergy", "Dairy free", "Shellfish allergy"] as const;

/** The fields by what they are for; `occasion` is there because real restaurants have fields the kitchen must ignore. */
export interface RestaurantFields {
  bookingNumber: FieldDefinition;
  hotelGuest: FieldDefinition;
  dbb: FieldDefinition;
  group: FieldDefinition;
  occasion: FieldDefinition;
  dietary: FieldDefinition;
  allergies: FieldDefinition;
}

/** The order GET /customFields lists them in (the order the restaurant made them). */
const FIELD_ORDER: readonly (keyof RestaurantFields)[] = ["bookingNumber", "hotelGuest", "dbb", "group", "occasion", "dietary", "allergies"];

export function buildFields(mintId: () => string): RestaurantFields {
  const field = (name: string, label: string, type: FieldType, choices: readonly string[] = []): FieldDefinition => ({
    _id: mintId(),
    name,
    label,
    type,
    multipleChoiceSelections: choices.map((choice) => ({ _id: mintId(), name: choice })),
  });
  return {
    bookingNumber: field("Booking #", "Hotel booking number", "string"),
    hotelGuest: field("Hotel Guest", "Are you staying with us?", "radio", ["Yes", "No"]),
    dbb: field("DBB", "Dinner, bed & breakfast", "dropdown", ["Yes", "No"]),
    group: field("GROUP/EXCLUDE", "Group / exclude (staff only)", "string"),
    occasion: field("Occasion", "Are you celebrating?", "dropdown", ["Birthday", "Anniversary", "Business"] satisfies readonly Occasion[]),
    dietary: field("Dietary requirements", "Dietary requirements", "checkbox", DIETARY_NEEDS),
    allergies: field("Allergies", "Allergies (please give details)", "string"),
  };
}

export function fieldDefinitions(fields: RestaurantFields): FieldDefinition[] {
  return FIELD_ORDER.map((key) => fields[key]);
}

/** A choice by its label, ignoring case: "vegan" ticks "Vegan". */
export function choiceNamed(field: FieldDefinition, name: string): Choice | undefined {
  const wanted = name.trim().toLowerCase();
  return field.multipleChoiceSelections.find((choice) => choice.name.toLowerCase() === wanted);
}

type WireEntry = Record<string, unknown>;

/** One booking's custom-field entries, in the restaurant's field order; unfilled fields are absent. */
export function wireFieldValues(values: TableFields, fields: RestaurantFields, expand: boolean): WireEntry[] {
  const yesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? "Yes" : "No");
  const entryFor: Record<keyof RestaurantFields, () => WireEntry | undefined> = {
    bookingNumber: () => textEntry(fields.bookingNumber, values.bookingNumber),
    hotelGuest: () => choiceEntry(fields.hotelGuest, yesNo(values.hotelGuest), expand),
    dbb: () => choiceEntry(fields.dbb, yesNo(values.dbb), expand),
    group: () => textEntry(fields.group, values.group),
    occasion: () => choiceEntry(fields.occasion, values.occasion, expand),
    dietary: () => (typeof values.dietary === "string" ? textEntry(fields.dietary, values.dietary) : checkboxEntry(fields.dietary, values.dietary)),
    allergies: () => textEntry(fields.allergies, values.allergies),
  };
  return FIELD_ORDER.flatMap((key): WireEntry[] => {
    const entry = entryFor[key]();
    return entry ? [entry] : [];
  });
}

function textEntry(field: FieldDefinition, value: string | undefined): WireEntry | undefined {
  return value === undefined ? undefined : { _id: field._id, name: field.name, value };
}

function choiceEntry(field: FieldDefinition, label: string | undefined, expand: boolean): WireEntry | undefined {
  const choice = label === undefined ? undefined : choiceNamed(field, label);
  if (!choice) return undefined;
  return { _id: field._id, name: field.name, value: choice._id, ...(expand ? { multipleChoiceValueName: choice.name } : {}) };
}

function checkboxEntry(field: FieldDefinition, ticked: readonly string[] | undefined): WireEntry | undefined {
  const choices = (ticked ?? []).flatMap((name) => choiceNamed(field, name) ?? []);
  if (choices.length === 0) return undefined;
  return { _id: field._id, name: field.name, value: choices.map((choice) => ({ _id: choice._id, name: choice.name, value: true })) };
}
