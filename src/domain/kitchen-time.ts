// A kitchen's own IANA time zone: its nights and its "today" follow it.

export const DEFAULT_TIME_ZONE = "Europe/London";

export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return true;
  } catch {
    return false;
  }
}
