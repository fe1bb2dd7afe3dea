// The services a kitchen works with: the ones detected from the restaurant's regular
// opening hours (by name, else by time), with the kitchen's own choices where it changed
// one. Special (one-off) periods are left out: they say when the restaurant is shut, not
// what a sitting is. Only choices that differ from the detected service are stored, so a
// kitchen that never changed anything follows better detection as it comes.
import { SERVICES, type OpeningHour, type Service, type ServiceMapping } from "./restaurant";
import { detectServices } from "./services";

export interface ServiceChoice {
  openingHourId: string;
  service: Service;
}

export function effectiveServices(openingHours: OpeningHour[], choices: Record<string, Service>): ServiceMapping[] {
  // detectServices reads the regular opening hours only.
  return detectServices(openingHours).map((mapping) => {
    const chosen = choices[mapping.openingHourId];
    return chosen === undefined ? mapping : { ...mapping, service: chosen };
  });
}

/**
 * The choices to store after the kitchen set `changes` (ids of regular opening hours; the
 * caller has checked them): the earlier choices with the changes over them, for opening
 * hours the restaurant still has, where they differ from the detected service.
 */
export function serviceChoicesAfter(openingHours: OpeningHour[], choices: Record<string, Service>, changes: ServiceChoice[]): Record<string, Service> {
  const wanted: Record<string, Service> = { ...choices };
  for (const change of changes) wanted[change.openingHourId] = change.service;
  const kept: Record<string, Service> = {};
  for (const detected of detectServices(openingHours)) {
    const service = wanted[detected.openingHourId];
    if (service !== undefined && service !== detected.service) kept[detected.openingHourId] = service;
  }
  return kept;
}

const CHOICES_TEXT = /^([a-z]+):([^,:\s]+(?:,[^,:\s]+)*)$/;

/**
 * One service for several opening hours as one text, "dinner:id1,id2": what a form's one
 * select sends for a group of periods of the same name.
 */
export function serviceChoicesText(service: Service, openingHourIds: string[]): string {
  return `${service}:${openingHourIds.join(",")}`;
}

/** The choices a serviceChoicesText names; null when the text is not one. */
export function readServiceChoicesText(text: string): ServiceChoice[] | null {
  const match = CHOICES_TEXT.exec(text);
  const service = SERVICES.find((known) => known === match?.[1]);
  if (!match || service === undefined) return null;
  return match[2]!.split(",").map((openingHourId) => ({ openingHourId, service }));
}
