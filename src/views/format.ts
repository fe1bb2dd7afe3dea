// How the pages say times, dates, durations and rates: in words a chef reads at a glance,
// instants in the kitchen's own time zone.

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

/** A calendar date's parts for headings: { weekday: "Sat", day: "21 Nov", year: null }, with the year ("2027") when it is not `currentYear`. */
export function dateHeading(date: string, currentYear?: string): { weekday: string; day: string; year: string | null } {
  const at = new Date(`${date}T00:00:00Z`);
  return { weekday: weekdayFormat.format(at), day: dayMonthFormat.format(at), year: currentYear === undefined || date.startsWith(currentYear) ? null : date.slice(0, 4) };
}

/** "Sat 21 Nov". */
export function shortDate(date: string): string {
  const { weekday, day } = dateHeading(date);
  return `${weekday} ${day}`;
}

/** "Sat 21 Nov 2026": a date that may be of any year. */
export function dateWithYear(date: string): string {
  return `${shortDate(date)} ${date.slice(0, 4)}`;
}

/**
 * What makes a page's area redraw itself when the kitchen syncs (public/app.js reads these):
 * where to ask for the last sync, the one the page shows, and the address that redraws it.
 */
export function liveAreaAttributes(slug: string, lastSyncAt: string | null, refreshUrl: string) {
  return { "data-status-url": `/k/${slug}/chart/status`, "data-last-sync": lastSyncAt ?? "", "data-refresh-url": refreshUrl };
}

/** "1 guest", "3 guests". */
export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

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

/**
 * A success rate as a percentage with one decimal: "97.9%". Exactly all is "100%" and
 * exactly none "0%"; anything in between never rounds to either (999 of 1,000 is "99.9%",
 * 1 of 2,000 is "0.1%"), so a failure is never hidden by rounding.
 */
export function formatRate(rate: number): string {
  if (rate >= 1) return "100%";
  if (rate <= 0) return "0%";
  const tenths = Math.min(999, Math.max(1, Math.round(rate * 1000)));
  return `${(tenths / 10).toFixed(1)}%`;
}

/** "850 ms", "1.2 s", "2 min 5 s", "1 h 3 min": a run's duration. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    const seconds = totalSeconds % 60;
    return `${Math.floor(totalSeconds / 60)} min${seconds === 0 ? "" : ` ${seconds} s`}`;
  }
  const totalMinutes = Math.round(ms / 60_000);
  const minutes = totalMinutes % 60;
  return `${Math.floor(totalMinutes / 60)} h${minutes === 0 ? "" : ` ${minutes} min`}`;
}
