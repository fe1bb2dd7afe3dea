// The resOS connection on the Settings page: the API key (saved only once resOS has
// accepted it), a test, and, once the restaurant has been read, which of its custom fields
// holds what and which service each of its opening hours is.
import type { KitchenSetup } from "../../db/kitchen-setup";
import type { ResosSettings } from "../../db/resos-connection";
import type { MappingChange } from "../../domain/mapping-change";
import { SERVICES, type CustomFieldDefinition, type FieldMapping, type OpeningHour, type Service, type ServiceMapping } from "../../domain/restaurant";
import { effectiveServices, serviceChoicesText } from "../../domain/service-choices";
import { formatInstant } from "../format";
import { FieldError, invalidAttributes, type FieldErrors } from "../form-fields";
import { Message } from "../messages";

export interface ResosFormState {
  notice?: string;
  /** What resOS said: a test's finding, or why a key was not saved. */
  outcome?: { ok: boolean; message: string };
  /** Problems by field, of either form (their field names differ). */
  errors?: FieldErrors;
  /** A refused mapping, shown again as chosen. */
  chosen?: MappingChange;
}

export const RESOS_SECTION_ID = "resos-section";

const FIELD_ROLES: { role: Exclude<keyof FieldMapping, "dietaryFieldIds">; name: string; label: string; hint: string }[] = [
  { role: "bookingNumberFieldId", name: "booking_number_field_id", label: "Booking number", hint: "Which field holds the hotel booking number staff type in." },
  { role: "hotelGuestFieldId", name: "hotel_guest_field_id", label: "Hotel guest", hint: "Which field says the table is for a guest staying in the hotel." },
  { role: "dbbFieldId", name: "dbb_field_id", label: "DBB", hint: "Which field says the guest is on dinner, bed and breakfast." },
  {
    role: "groupFieldId",
    name: "group_field_id",
    label: "Group / exclude",
    hint: "Which field staff use to link a stay (#1234) or a whole group (G#56), or to unlink a wrong match (NOT-#1234).",
  },
];

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** 1800 -> "18:00". */
function clockTime(hhmm: number): string {
  return `${String(Math.floor(hhmm / 100)).padStart(2, "0")}:${String(hhmm % 100).padStart(2, "0")}`;
}

/** [1, 2, 3, 4, 7] -> "Mon–Thu, Sun": runs of days as ranges. */
function dayList(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && last[1] === day - 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs.map(([from, to]) => (from === to ? WEEKDAYS[from - 1] : `${WEEKDAYS[from - 1]}–${WEEKDAYS[to - 1]}`)).join(", ");
}

/** "Mon–Thu, Sun 18:00–21:30; Fri–Sat 18:00–22:30": when a group's periods are open. */
function whenOpen(hours: OpeningHour[]): string {
  const spans = new Map<string, number[]>();
  for (const hour of hours) {
    const span = `${clockTime(hour.open)}–${clockTime(hour.close)}`;
    spans.set(span, [...(spans.get(span) ?? []), ...(hour.day === null ? [] : [hour.day])]);
  }
  return [...spans].map(([span, days]) => (days.length > 0 ? `${dayList(days)} ${span}` : span)).join("; ");
}

interface ServiceGroup {
  /** "Dinner · Mon–Sun 18:00–21:30" */
  label: string;
  service: Service;
  openingHourIds: string[];
}

/**
 * resOS has one opening hour per weekday: periods of the same name and service are one
 * choice on the page, in the order the restaurant lists them.
 */
function serviceGroups(openingHours: OpeningHour[], services: ServiceMapping[]): ServiceGroup[] {
  const groups = new Map<string, { name: string; service: Service; hours: OpeningHour[] }>();
  for (const mapping of services) {
    const hour = openingHours.find((candidate) => candidate.id === mapping.openingHourId)!;
    const key = `${mapping.service}\u0000${mapping.name}`;
    const group = groups.get(key) ?? { name: mapping.name, service: mapping.service, hours: [] };
    group.hours.push(hour);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({
    label: `${group.name} · ${whenOpen(group.hours)}`,
    service: group.service,
    openingHourIds: group.hours.map((hour) => hour.id),
  }));
}

function shownMapping(resos: ResosSettings, chosen: MappingChange | undefined): { mapping: FieldMapping; services: ServiceMapping[] } {
  const mapping = { ...resos.mapping };
  for (const { role } of FIELD_ROLES) if (chosen?.[role] !== undefined) mapping[role] = chosen[role];
  if (chosen?.dietaryFieldIds) mapping.dietaryFieldIds = chosen.dietaryFieldIds;
  const choices = { ...resos.serviceChoices, ...Object.fromEntries((chosen?.services ?? []).map((choice) => [choice.openingHourId, choice.service])) };
  return { mapping, services: effectiveServices(resos.openingHours, choices) };
}

function FieldSelect({ name, definitions, selected, errors, hintId }: { name: string; definitions: CustomFieldDefinition[]; selected: string | null; errors: FieldErrors | undefined; hintId: string }) {
  return (
    <select name={name} {...invalidAttributes(errors, name, hintId)}>
      <option value="" selected={selected === null}>
        none
      </option>
      {definitions.map((definition) => (
        <option value={definition.id} selected={definition.id === selected}>
          {definition.name}
        </option>
      ))}
    </select>
  );
}

function MappingForm({ action, resos, state }: { action: string; resos: ResosSettings; state: ResosFormState }) {
  const errors = state.errors;
  const { mapping, services } = shownMapping(resos, state.chosen);
  const groups = serviceGroups(resos.openingHours, services);
  return (
    <form method="post" action={action} class="stack" hx-post={action} hx-target={`#${RESOS_SECTION_ID}`} hx-swap="outerHTML">
      <h3>Field mapping</h3>
      <p class="muted">Detected from the fields' names when the key was saved; change any that is wrong. Pages follow a change at once.</p>
      {FIELD_ROLES.map(({ role, name, label, hint }) => (
        <>
          <label>
            {label}
            <FieldSelect name={name} definitions={resos.definitions} selected={mapping[role]} errors={errors} hintId={`${name}-hint`} />
            <FieldError errors={errors} name={name} />
          </label>
          <p class="muted hint" id={`${name}-hint`}>
            {hint}
          </p>
        </>
      ))}
      <fieldset>
        <legend>Dietary needs</legend>
        <p class="muted">Which fields hold dietary needs and allergies: each night's dinner tables add them up for the kitchen.</p>
        {resos.definitions.map((definition) => (
          <label class="check">
            <input type="checkbox" name="dietary_field_ids" value={definition.id} checked={mapping.dietaryFieldIds.includes(definition.id)} />
            {definition.name}
          </label>
        ))}
        <FieldError errors={errors} name="dietary_field_ids" />
      </fieldset>
      <fieldset>
        <legend>Services</legend>
        <p class="muted">Which service each of the restaurant's opening hours is: tables are counted by service.</p>
        {groups.length === 0 ? <p class="muted">The restaurant has no regular opening hours in resOS.</p> : null}
        {groups.map((group) => (
          <label>
            {group.label}
            <select name="services" {...invalidAttributes(errors, "services")}>
              {SERVICES.map((service) => (
                <option value={serviceChoicesText(service, group.openingHourIds)} selected={service === group.service}>
                  {service}
                </option>
              ))}
            </select>
          </label>
        ))}
        <FieldError errors={errors} name="services" />
      </fieldset>
      <button type="submit" class="primary">
        Save mapping
      </button>
    </form>
  );
}

function connectionWords(setup: KitchenSetup, resos: ResosSettings | null, timeZone: string): string {
  if (!setup.resos || !resos) return "Not connected yet. resOS issues the API key under Settings → Apps → API credentials.";
  const key = `Connected, API key set, changed on ${formatInstant(setup.resos.updatedAt, timeZone)}. Leave the key empty to keep the stored one.`;
  return resos.restaurantReadAt === null
    ? `${key} The restaurant's fields have not been read yet: the next sync reads them and detects the mapping, or save the connection to read them now.`
    : `${key} The restaurant's fields and opening hours were read on ${formatInstant(resos.restaurantReadAt, timeZone)}.`;
}

export function ResosSection({ slug, setup, resos, timeZone, state }: { slug: string; setup: KitchenSetup; resos: ResosSettings | null; timeZone: string; state: ResosFormState }) {
  const connected = setup.resos !== null;
  const action = `/k/${slug}/settings/resos`;
  const errors = state.errors;
  return (
    <section class="card" id={RESOS_SECTION_ID}>
      <h2>resOS connection</h2>
      <p class="muted">{connectionWords(setup, resos, timeZone)}</p>
      <form method="post" action={action} class="stack" hx-post={action} hx-target={`#${RESOS_SECTION_ID}`} hx-swap="outerHTML">
        <label>
          API key
          <input type="password" name="api_key" autocomplete="off" required={!connected} maxlength={500} {...invalidAttributes(errors, "api_key")} />
          <FieldError errors={errors} name="api_key" />
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            Save connection
          </button>
          <button type="submit" class="secondary" formaction={`${action}/test`} hx-post={`${action}/test`} hx-target={`#${RESOS_SECTION_ID}`} hx-swap="outerHTML">
            Test connection
          </button>
        </div>
        <Message text={state.notice} result />
        <Message text={state.outcome?.message} failed={state.outcome?.ok === false} result />
      </form>
      {resos && resos.restaurantReadAt !== null ? <MappingForm action={`${action}/mapping`} resos={resos} state={state} /> : null}
    </section>
  );
}
