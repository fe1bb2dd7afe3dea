// Dates as whole day numbers (days since 1970-01-01) inside the simulator, so stays can be
// walked and compared cheaply; text only at the wire. Newbook dates are property-local
// wall-clock values with no zone, so UTC arithmetic on them is exact.

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** "2026-01-22" -> its day number, or null when it is not a real calendar date. */
export function dayOf(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

/** Formatting a date is the hot spot of generating a large hotel, and the days repeat. */
const formattedDays = new Map<number, string>();

export function dateOf(day: number): string {
  let date = formattedDays.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    formattedDays.set(day, date);
  }
  return date;
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

export function timestamp(day: number, secondsIntoDay: number): string {
  const hh = String(Math.floor(secondsIntoDay / 3600)).padStart(2, "0");
  const mm = String(Math.floor((secondsIntoDay % 3600) / 60)).padStart(2, "0");
  const ss = String(secondsIntoDay % 60).padStart(2, "0");
  return `${dateOf(day)} ${hh}:${mm}:${ss}`;
}

export interface RequestInstant {
  day: number;
  /** "YYYY-MM-DD HH:MM:SS", comparable as text with booking timestamps. */
  timestamp: string;
}

/**
 * A request's period bound: "YYYY-MM-DD HH:MM:SS" as Newbook clients send it, or a plain
 * date, which means the start of that day for period_from and its end for period_to.
 */
export function parseRequestInstant(value: unknown, bound: "from" | "to"): RequestInstant | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  const full = TIMESTAMP.exec(trimmed);
  const datePart = full ? full[1]! : trimmed;
  const day = dayOf(datePart);
  if (day === null) return null;
  if (full) {
    const [hh, mm, ss] = [Number(full[2]), Number(full[3]), Number(full[4])];
    if (hh > 23 || mm > 59 || ss > 59) return null;
    return { day, timestamp: `${datePart} ${full[2]}:${full[3]}:${full[4]}` };
  }
  return { day, timestamp: `${datePart} ${bound === "from" ? "00:00:00" : "23:59:59"}` };
}
