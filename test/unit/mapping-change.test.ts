import { describe, expect, it } from "vitest";
import { applyMappingChange, type MappedRestaurant } from "../../src/domain/mapping-change";
import type { CustomFieldDefinition, OpeningHour } from "../../src/domain/restaurant";

function hour(id: string, name: string, day: number, open: number): OpeningHour {
  return { id, name, day, open, close: open + 300, seatingMinutes: 90, special: false, date: null, closed: false };
}

const CLOSURE: OpeningHour = { id: "closed", name: "Closed: private event", day: null, open: 0, close: 0, seatingMinutes: null, special: true, date: "2026-01-30", closed: true };
const HOURS = [hour("lunch-1", "Lunch", 1, 1200), CLOSURE, hour("sitting-1", "Sitting 4", 1, 1630)];

describe("applyMappingChange", () => {
  const field = (id: string, name: string): CustomFieldDefinition => ({ id, name, type: "string", choices: [] });
  const restaurant: MappedRestaurant = {
    mapping: { bookingNumberFieldId: "f-booking", hotelGuestFieldId: null, dbbFieldId: "f-dbb", groupFieldId: null, dietaryFieldIds: ["f-diet"] },
    serviceChoices: { "lunch-1": "breakfast" },
    definitions: [field("f-booking", "Booking #"), field("f-dbb", "DBB"), field("f-diet", "Dietary"), field("f-allergies", "Allergies"), field("f-group", "GROUP/EXCLUDE")],
    openingHours: HOURS,
  };

  it("changes only the parts given; null clears a role", () => {
    const changed = applyMappingChange(restaurant, { dbbFieldId: null, groupFieldId: "f-group", dietaryFieldIds: ["f-diet", "f-allergies", "f-diet"] });
    expect(changed).toEqual({
      ok: true,
      mapping: { bookingNumberFieldId: "f-booking", hotelGuestFieldId: null, dbbFieldId: null, groupFieldId: "f-group", dietaryFieldIds: ["f-diet", "f-allergies"] },
      serviceChoices: { "lunch-1": "breakfast" },
    });
  });

  it("applies service choices to regular opening hours", () => {
    const changed = applyMappingChange(restaurant, { services: [{ openingHourId: "lunch-1", service: "lunch" }, { openingHourId: "sitting-1", service: "dinner" }] });
    expect(changed).toMatchObject({ ok: true, serviceChoices: { "sitting-1": "dinner" } });
  });

  it("refuses every part that names what the restaurant does not have, in the order of the parts", () => {
    const changed = applyMappingChange(restaurant, {
      services: [{ openingHourId: "closed", service: "dinner" }],
      dietaryFieldIds: ["f-diet", "nope"],
      hotelGuestFieldId: "abc",
    });
    expect(changed).toEqual({
      ok: false,
      problems: {
        hotelGuestFieldId: 'the restaurant has no custom field "abc"',
        dietaryFieldIds: 'the restaurant has no custom field "nope"',
        services: 'the restaurant has no regular opening hour "closed"',
      },
    });
    expect(Object.keys(changed.ok ? {} : changed.problems)).toEqual(["hotelGuestFieldId", "dietaryFieldIds", "services"]);
  });
});
