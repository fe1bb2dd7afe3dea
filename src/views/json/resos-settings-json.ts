// A kitchen's resOS settings on the wire: which custom field holds what, which service each
// regular opening hour is, and the restaurant's fields and opening hours as last read.
import type { ResosSettings } from "../../db/resos-connection";
import { NO_FIELD_MAPPING, type CustomFieldDefinition } from "../../domain/restaurant";
import { effectiveServices } from "../../domain/service-choices";

/** `connected: false` with every field null (dietary and services empty) when resOS is not connected. */
export function resosSettingsJson(settings: ResosSettings | null) {
  const mapping = settings?.mapping ?? NO_FIELD_MAPPING;
  const services = settings ? effectiveServices(settings.openingHours, settings.serviceChoices) : [];
  return {
    connected: settings !== null,
    booking_number_field_id: mapping.bookingNumberFieldId,
    hotel_guest_field_id: mapping.hotelGuestFieldId,
    dbb_field_id: mapping.dbbFieldId,
    group_field_id: mapping.groupFieldId,
    dietary_field_ids: mapping.dietaryFieldIds,
    services: services.map((service) => ({ opening_hour_id: service.openingHourId, name: service.name, service: service.service })),
  };
}

export function customFieldsJson(definitions: CustomFieldDefinition[]) {
  return definitions.map((definition) => ({
    id: definition.id,
    name: definition.name,
    type: definition.type,
    choices: definition.choices.map((choice) => ({ id: choice.id, name: choice.name })),
  }));
}

/** Every opening hour, special ones included; `service` is the kitchen's for a regular one, null for a special one. */
export function openingHoursJson(settings: ResosSettings) {
  const services = new Map(effectiveServices(settings.openingHours, settings.serviceChoices).map((mapping) => [mapping.openingHourId, mapping.service]));
  return settings.openingHours.map((hour) => ({
    id: hour.id,
    name: hour.name,
    day: hour.day,
    open: hour.open,
    close: hour.close,
    special: hour.special,
    date: hour.date,
    closed: hour.closed,
    service: services.get(hour.id) ?? null,
  }));
}
