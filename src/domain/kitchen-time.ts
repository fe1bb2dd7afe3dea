// Kitchen-local time: pages show instants in the kitchen's own IANA time zone.

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

// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone.
const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** "21 Nov 2026, 14:03" in the kitchen's zone. */
export function formatInstant(iso: string, timeZone: string): string {
  let format = instantFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    instantFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

const weekdayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: "UTC" });
const dayMonthFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const longDayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });

/** A calendar date's parts for headings: { weekday: "Sat", day: "21 Nov" }. */
export function dateHeading(date: string): { weekday: string; day: string } {
  const at = new Date(`${date}T00:00:00Z`);
  return { weekday: weekdayFormat.format(at), day: dayMonthFormat.format(at) };
}

/** "Sat 21 Nov". */
export function shortDate(date: string): string {
  const { weekday, day } = dateHeading(date);
  return `${weekday} ${day}`;
}

/** "Saturday 21 November". */
export function longDate(date: string): string {
  return longDayFormat.format(new Date(`${date}T00:00:00Z`));
}

/** "just now", "12 min ago", "3 h ago", "2 days ago": how long since an instant, for a glance. */
export function formatAge(iso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? "" : "s"} ago`;
}
