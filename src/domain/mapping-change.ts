// A kitchen's change to its resOS mapping (which custom field holds what, which service an
// opening hour is), checked against the restaurant as last read: a field id must be one of
// its custom fields, an opening hour one of its regular ones. A change naming anything else
// is refused whole, so a typo never half-applies.
import type { CustomFieldDefinition, FieldMapping, OpeningHour, Service } from "./restaurant";
import { serviceChoicesAfter, type ServiceChoice } from "./service-choices";

/** What may change: any part of the field mapping (null clears a role), and services. */
export type MappingChange = Partial<FieldMapping> & { services?: ServiceChoice[] };

export type MappingPart = keyof FieldMapping | "services";

export interface MappedRestaurant {
  mapping: FieldMapping;
  serviceChoices: Record<string, Service>;
  definitions: CustomFieldDefinition[];
  openingHours: OpeningHour[];
}

export type MappingChangeResult =
  | { ok: true; mapping: FieldMapping; serviceChoices: Record<string, Service> }
  /** Each refused part with its problem, as a phrase ("the restaurant has no custom field "x""), in the order of the parts. */
  | { ok: false; problems: Partial<Record<MappingPart, string>> };

const SINGLE_FIELD_ROLES = ["bookingNumberFieldId", "hotelGuestFieldId", "dbbFieldId", "groupFieldId"] as const;

const noSuchField = (id: string) => `the restaurant has no custom field "${id}"`;

export function applyMappingChange(current: MappedRestaurant, change: MappingChange): MappingChangeResult {
  const fieldIds = new Set(current.definitions.map((definition) => definition.id));
  const regularHourIds = new Set(current.openingHours.filter((hour) => !hour.special).map((hour) => hour.id));
  const problems: Partial<Record<MappingPart, string>> = {};

  for (const role of SINGLE_FIELD_ROLES) {
    const id = change[role];
    if (id != null && !fieldIds.has(id)) problems[role] = noSuchField(id);
  }
  const unknownDietary = change.dietaryFieldIds?.find((id) => !fieldIds.has(id));
  if (unknownDietary !== undefined) problems.dietaryFieldIds = noSuchField(unknownDietary);
  const unknownHour = change.services?.find((choice) => !regularHourIds.has(choice.openingHourId));
  if (unknownHour !== undefined) problems.services = `the restaurant has no regular opening hour "${unknownHour.openingHourId}"`;
  if (Object.keys(problems).length > 0) return { ok: false, problems };

  const mapping: FieldMapping = { ...current.mapping };
  for (const role of SINGLE_FIELD_ROLES) {
    const id = change[role];
    if (id !== undefined) mapping[role] = id;
  }
  if (change.dietaryFieldIds !== undefined) mapping.dietaryFieldIds = [...new Set(change.dietaryFieldIds)];
  const serviceChoices = serviceChoicesAfter(current.openingHours, current.serviceChoices, change.services ?? []);
  return { ok: true, mapping, serviceChoices };
}
